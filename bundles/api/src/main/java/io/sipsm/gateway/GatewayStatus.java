package io.sipsm.gateway;

import java.time.Instant;
import java.util.Objects;

/**
 * One gateway as the availability service knows it.
 *
 * @param host the gateway's address as the service keys it (IPv6 without brackets)
 * @param port the gateway's SIP port
 * @param state whether it is available and why
 * @param lastPublished when its last accepted publication (initial or refresh) arrived
 * @param expires when its publication runs out; for {@link State#EXPIRED} and {@link State#WITHDRAWN} the
 *        moment it ran out or was withdrawn
 * @param tenant the tenant whose settings applied to its last publication, or null for the global settings
 */
public record GatewayStatus(String host, int port, State state, Instant lastPublished, Instant expires,
        String tenant) {

    /** Where a gateway's publication stands. */
    public enum State {
        /** A publication is in force: the gateway takes calls. */
        PUBLISHED(true),
        /** The publication expired without a refresh: no new calls until the gateway publishes again. */
        EXPIRED(false),
        /** The gateway removed its publication (Expires: 0): no new calls until it publishes again. */
        WITHDRAWN(false);

        private final boolean available;

        State(boolean available) {
            this.available = available;
        }

        /** True when a gateway in this state takes new calls. */
        public boolean available() {
            return available;
        }
    }

    /** @throws NullPointerException for a missing host, state or time */
    public GatewayStatus {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastPublished, "lastPublished");
        Objects.requireNonNull(expires, "expires");
    }

    /** True when the gateway takes new calls. */
    public boolean available() {
        return state.available();
    }
}
