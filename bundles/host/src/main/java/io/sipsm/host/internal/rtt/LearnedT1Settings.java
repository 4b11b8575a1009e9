package io.sipsm.host.internal.rtt;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

import io.sipsm.host.internal.settings.SettingReader;
import io.sipsm.net.IpLiteral;

/**
 * Where and within which bounds the host learns T1 from its peers' response times, part of {@code HostSettings}.
 * Off by default (no peer listed). The ranges of floor and ceiling do not overlap, so no edit can cross them.
 *
 * @param peers the peers whose T1 is learned: {@code *} for every peer, else IP addresses, each with an optional
 *        {@code :port} (IPv6 in brackets to take a port); empty: off
 * @param floorMillis the least T1 a peer is given, however fast it answers
 * @param ceilingMillis the most T1 a peer is given, however slowly it answers
 */
public record LearnedT1Settings(List<String> peers, int floorMillis, int ceilingMillis) {

    static final String PEERS = "t1.learned.peers";
    static final String FLOOR = "t1.learned.floor.ms";
    static final String CEILING = "t1.learned.ceiling.ms";

    public static final LearnedT1Settings DEFAULTS = new LearnedT1Settings(List.of(), 500, 4000);

    public static final List<String> KEYS = List.of(PEERS, FLOOR, CEILING);

    public LearnedT1Settings {
        peers = List.copyOf(peers);
        for (String peer : peers) {
            if (peer(peer).isEmpty()) {
                throw new IllegalArgumentException("not a peer: " + peer);
            }
        }
    }

    /** The settings the reader's properties give: missing keys take the defaults, refused ones their last good value. */
    public static LearnedT1Settings read(SettingReader r, LearnedT1Settings lastGood) {
        LearnedT1Settings d = DEFAULTS;
        return new LearnedT1Settings(
                r.parsed(PEERS, d.peers, lastGood.peers, LearnedT1Settings::peers),
                r.whole(FLOOR, d.floorMillis, lastGood.floorMillis, 50, 1000),
                r.whole(CEILING, d.ceilingMillis, lastGood.ceilingMillis, 1000, 60_000));
    }

    /** A listed peer: an address (null: every address) and a port (0: every port). */
    record Peer(InetAddress address, int port) {

        static final Peer ANY = new Peer(null, 0);

        boolean matches(InetAddress candidate, int candidatePort) {
            return (address == null || address.equals(candidate)) && (port == 0 || port == candidatePort);
        }
    }

    /** The listed peers, read (each item was validated when the settings were read). */
    List<Peer> listed() {
        return peers.stream().map(item -> peer(item).orElseThrow()).toList();
    }

    /** {@code *}, an IP literal, {@code a.b.c.d:port} or {@code [v6]:port}; empty for anything else. */
    static Optional<Peer> peer(String item) {
        if (item.equals("*")) {
            return Optional.of(Peer.ANY);
        }
        String address = item;
        String port = null;
        int colon = item.lastIndexOf(':');
        if (item.startsWith("[") && item.contains("]:")) {
            address = item.substring(0, item.indexOf("]:") + 1);
            port = item.substring(item.indexOf("]:") + 2);
        } else if (colon > 0 && item.indexOf(':') == colon) {
            address = item.substring(0, colon);
            port = item.substring(colon + 1);
        }
        int portNumber = 0;
        if (port != null) {
            if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65_535) {
                return Optional.empty();
            }
            portNumber = Integer.parseInt(port);
        }
        int listedPort = portNumber;
        return IpLiteral.parse(address).map(a -> new Peer(a, listedPort));
    }

    private static List<String> peers(Object raw) {
        List<String> items = SettingReader.items(raw);
        for (String item : items) {
            if (peer(item).isEmpty()) {
                throw new IllegalArgumentException("'" + item + "' is not *, an IP address or an IP address:port"
                        + " (names are not resolved)");
            }
        }
        return items;
    }

    @Override
    public String toString() {
        return PEERS + "=" + String.join(",", peers) + ", " + FLOOR + "=" + floorMillis + ", " + CEILING + "="
                + ceilingMillis;
    }
}
