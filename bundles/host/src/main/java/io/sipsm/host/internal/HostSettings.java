package io.sipsm.host.internal;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.sipsm.host.internal.admission.OverloadSettings;
import io.sipsm.host.internal.container.RestcommContainer;
import io.sipsm.host.internal.settings.SettingReader;
import io.sipsm.host.internal.admission.LimitSettings;
import io.sipsm.net.IpLiteral;

/**
 * The validated configuration of the host, PID {@value SipHost#PID}: the one place of its keys, defaults and
 * rules ({@link HostConfig} only describes them for {@code config:meta}; {@code HostMetatypeTest} holds the two
 * equal). Read from the raw properties, so that a value that does not convert is refused with its key and
 * reason before anything restarts, while the typed accessors would only fail when called.
 *
 * @param address the IP address the SIP connector binds
 * @param port the SIP port
 * @param transport {@code udp} or {@code tcp}
 * @param routingOrder application names in the order they are offered initial requests
 * @param stackThreads threads delivering SIP events
 * @param overload admission control
 * @param limits limits on what arrives from the network
 */
record HostSettings(String address, int port, String transport, List<String> routingOrder, int stackThreads,
        OverloadSettings overload, LimitSettings limits) {

    static final String ADDRESS = "address";
    static final String PORT = "port";
    static final String TRANSPORT = "transport";
    static final String ROUTING_ORDER = "routing.order";
    static final String STACK_THREADS = "stack.threads";

    static final List<String> TRANSPORTS = List.of("udp", "tcp");

    static final HostSettings DEFAULTS = new HostSettings("127.0.0.1", 5060, "udp", List.of(), 8,
            OverloadSettings.DEFAULTS, LimitSettings.DEFAULTS);

    /** Every key the host reads. */
    static final List<String> KEYS;

    static {
        List<String> keys = new ArrayList<>(List.of(ADDRESS, PORT, TRANSPORT, ROUTING_ORDER, STACK_THREADS));
        keys.addAll(OverloadSettings.KEYS);
        keys.addAll(LimitSettings.KEYS);
        KEYS = List.copyOf(keys);
    }

    HostSettings {
        routingOrder = List.copyOf(routingOrder);
    }

    /**
     * What the host takes of a configuration.
     *
     * @param settings the settings to run with: every accepted value, and the last good one for each refused key
     * @param refusals the values not taken, each with its key and reason
     * @param warnings accepted values the operator should know the consequence of
     */
    record Reading(HostSettings settings, List<SettingReader.Refusal> refusals, List<String> warnings) {
    }

    static Reading read(Map<String, ?> properties, HostSettings lastGood) {
        return read(properties, lastGood, HostSettings::localAddress);
    }

    /** As {@link #read(Map, HostSettings)}, {@code local} telling which addresses this machine has. */
    static Reading read(Map<String, ?> properties, HostSettings lastGood, Predicate<InetAddress> local) {
        SettingReader r = new SettingReader(properties);
        HostSettings d = DEFAULTS;
        String address = r.parsed(ADDRESS, d.address, lastGood.address, raw -> bindable(raw, local));
        HostSettings next = new HostSettings(address,
                r.whole(PORT, d.port, lastGood.port, 1, 65_535),
                r.choice(TRANSPORT, d.transport, lastGood.transport, TRANSPORTS),
                r.parsed(ROUTING_ORDER, d.routingOrder, lastGood.routingOrder, SettingReader::items),
                r.whole(STACK_THREADS, d.stackThreads, lastGood.stackThreads, 1, 256),
                OverloadSettings.read(r, lastGood.overload),
                LimitSettings.read(r, lastGood.limits));
        List<String> warnings = new ArrayList<>();
        if (IpLiteral.parse(next.address).orElseThrow().isAnyLocalAddress()) {
            warnings.add(ADDRESS + "=" + next.address + ": SIP is exposed on every interface of this machine; "
                    + "bind one address unless that is meant");
        }
        return new Reading(next, r.refusals(), warnings);
    }

    /** Whether moving to {@code next} needs the container restarted. */
    boolean restartNeeded(HostSettings next) {
        return !endpoint().equals(next.endpoint()) || stackThreads != next.stackThreads;
    }

    RestcommContainer.Endpoint endpoint() {
        return new RestcommContainer.Endpoint(address, port, transport);
    }

    /** An IP literal of this machine (or the wildcard); never a name, so no DNS query is made. */
    private static String bindable(Object raw, Predicate<InetAddress> local) {
        String text = raw.toString().trim();
        InetAddress address = IpLiteral.parse(text)
                .orElseThrow(() -> new IllegalArgumentException("must be an IP address (names are not resolved)"));
        if (!address.isAnyLocalAddress() && !local.test(address)) {
            throw new IllegalArgumentException("no interface of this machine has that address");
        }
        return text.startsWith("[") && text.endsWith("]") ? text.substring(1, text.length() - 1) : text;
    }

    private static boolean localAddress(InetAddress address) {
        try {
            return address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return ADDRESS + "=" + address + ", " + PORT + "=" + port + ", " + TRANSPORT + "=" + transport + ", "
                + ROUTING_ORDER + "=" + String.join(",", routingOrder) + ", " + STACK_THREADS + "=" + stackThreads
                + ", " + overload + ", " + limits;
    }
}
