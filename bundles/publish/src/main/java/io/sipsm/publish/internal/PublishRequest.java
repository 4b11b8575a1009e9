package io.sipsm.publish.internal;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a PUBLISH asks for, once its headers were found well formed (see {@link PublishParser}).
 *
 * @param gateway the publishing gateway: its transport source address and the port of its top Via
 * @param event the event package, e.g. {@code presence}
 * @param ifMatch the entity-tag of SIP-If-Match, or null for an initial publication
 * @param expires the Expires value in seconds, empty when the request has none
 * @param hasBody true when the request carries event state
 */
record PublishRequest(GatewayAddress gateway, String event, String ifMatch, OptionalLong expires, boolean hasBody) {

    /** @throws NullPointerException for a missing gateway, event or expires */
    PublishRequest {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(expires, "expires");
    }

    /** True for a request that refreshes, modifies or removes an existing publication. */
    boolean isUpdate() {
        return ifMatch != null;
    }

    /** True for a request removing its publication (Expires: 0). */
    boolean isRemoval() {
        return expires.isPresent() && expires.getAsLong() == 0;
    }
}
