package io.sipsm.publish.internal;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.sipsm.gateway.GatewayStatus.State;

/**
 * One gateway's publication as the host keeps it ({@link io.sipsm.host.PolicyState}, keyed by the gateway), so
 * that the next revision of this bundle knows which gateways are unavailable, which entity-tag a refresh must
 * match, and when each publication runs out. Times are wall-clock instants as the book keeps them, in ISO-8601 to the nanosecond.
 */
record PublicationRecord(GatewayAddress gateway, String etag, String event, State state, Instant published,
        Instant expires, String tenant) {

    /** The format this revision writes and reads. */
    static final String VERSION = "1";

    Map<String, String> encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        m.put("host", gateway.host());
        m.put("port", Integer.toString(gateway.port()));
        m.put("etag", etag);
        m.put("event", event);
        m.put("state", state.name());
        m.put("published", published.toString());
        m.put("expires", expires.toString());
        if (tenant != null) {
            m.put("tenant", tenant);
        }
        return m;
    }

    /** @throws IllegalArgumentException for another format version or a missing or malformed field */
    static PublicationRecord decode(Map<String, String> m) {
        if (!VERSION.equals(m.get("v"))) {
            throw new IllegalArgumentException("record format " + m.get("v") + " is not " + VERSION);
        }
        try {
            return new PublicationRecord(new GatewayAddress(required(m, "host"), Integer.parseInt(required(m, "port"))),
                    required(m, "etag"), required(m, "event"), State.valueOf(required(m, "state")),
                    Instant.parse(required(m, "published")), Instant.parse(required(m, "expires")), m.get("tenant"));
        } catch (NumberFormatException | java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException("record has no " + key);
        }
        return value;
    }
}
