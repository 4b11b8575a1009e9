package io.sipsm.metrics.internal;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.net.IpLiteral;

/**
 * Where the scrape endpoint listens, read from the configuration and validated key by key: a bad value is
 * refused with its key, the value and the reason, and the key keeps the value it had.
 *
 * @param enabled whether the endpoint listens
 * @param address an IP literal of this machine
 * @param port the TCP port
 */
record EndpointSettings(boolean enabled, String address, int port) {

    static final String ENABLED = "enabled";
    static final String ADDRESS = "address";
    static final String PORT = "port";
    static final String DEFAULT_ADDRESS = "127.0.0.1";
    static final int DEFAULT_PORT = 9760;
    static final EndpointSettings DEFAULTS = new EndpointSettings(true, DEFAULT_ADDRESS, DEFAULT_PORT);

    /** A value refused, with why. */
    record Refusal(String key, Object value, String reason) {
        @Override
        public String toString() {
            return key + "=" + value + " rejected: " + reason;
        }
    }

    /** The settings read, each refused key at its previous value, with the refusals and warnings. */
    record Reading(EndpointSettings settings, List<Refusal> refusals, List<String> warnings) {
    }

    static Reading read(Map<String, ?> properties, EndpointSettings previous) {
        List<Refusal> refusals = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        boolean enabled = previous.enabled();
        Object enabledValue = properties.get(ENABLED);
        if (enabledValue != null) {
            String text = enabledValue.toString().trim();
            if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
                enabled = Boolean.parseBoolean(text);
            } else {
                refusals.add(new Refusal(ENABLED, enabledValue, "must be true or false"));
            }
        } else {
            enabled = DEFAULTS.enabled();
        }
        String address = previous.address();
        Object addressValue = properties.get(ADDRESS);
        if (addressValue == null) {
            address = DEFAULT_ADDRESS;
        } else {
            String text = addressValue.toString().trim();
            // Brackets belong in URLs, not in this setting; names are refused: nothing is resolved.
            Optional<InetAddress> literal = text.startsWith("[") ? Optional.empty() : IpLiteral.parse(text);
            if (literal.isPresent()) {
                address = text;
                if (literal.get().isAnyLocalAddress()) {
                    warnings.add(ADDRESS + "=" + text + ": the figures are served on every interface of this machine");
                }
            } else {
                refusals.add(new Refusal(ADDRESS, addressValue, "must be an IP address (names are not resolved)"));
            }
        }
        int port = previous.port();
        Object portValue = properties.get(PORT);
        if (portValue == null) {
            port = DEFAULT_PORT;
        } else {
            try {
                int number = Integer.parseInt(portValue.toString().trim());
                if (number < 1 || number > 65535) {
                    refusals.add(new Refusal(PORT, portValue, "must be between 1 and 65535"));
                } else {
                    port = number;
                }
            } catch (NumberFormatException e) {
                refusals.add(new Refusal(PORT, portValue, "not a number"));
            }
        }
        return new Reading(new EndpointSettings(enabled, address, port), refusals, warnings);
    }

    @Override
    public String toString() {
        return enabled ? "http://" + (address.contains(":") ? "[" + address + "]" : address) + ":" + port + "/metrics"
                : "off";
    }
}
