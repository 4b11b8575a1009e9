package io.sipsm.publish.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * The expiry bounds a PUBLISH is judged by, taken when it arrives.
 *
 * @param maximum SS_SIP_PUBLISH_EXPIRE of the publishing gateway's tenant: the longest expiry granted, and the
 *        one granted when the request has no Expires
 * @param minimum the shortest expiry accepted; a shorter non-zero request gets 423. Never above the maximum,
 *        so that a gateway asking for the maximum is never refused
 * @param tenant the tenant whose settings gave the maximum, or null for the global settings
 */
record PublicationTerms(Duration maximum, Duration minimum, String tenant) {

    PublicationTerms {
        Objects.requireNonNull(maximum, "maximum");
        Objects.requireNonNull(minimum, "minimum");
        if (maximum.toSeconds() < 1 || minimum.toSeconds() < 1) {
            throw new IllegalArgumentException("expiry bounds must be at least 1 s: " + minimum + ", " + maximum);
        }
        if (minimum.compareTo(maximum) > 0) {
            minimum = maximum;
        }
    }
}
