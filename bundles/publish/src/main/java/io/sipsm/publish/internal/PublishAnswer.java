package io.sipsm.publish.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The final response to a PUBLISH, as the host sends it.
 *
 * @param status the SIP status
 * @param reason the reason phrase
 * @param headers headers to add, in order
 */
record PublishAnswer(int status, String reason, Map<String, String> headers) {

    static final String SIP_ETAG = "SIP-ETag";
    static final String EXPIRES = "Expires";
    static final String MIN_EXPIRES = "Min-Expires";

    PublishAnswer {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /** 200 with the publication's entity-tag and the granted expiry in seconds. */
    static PublishAnswer accepted(String etag, long expiresSeconds) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SIP_ETAG, etag);
        headers.put(EXPIRES, Long.toString(expiresSeconds));
        return new PublishAnswer(200, "OK", headers);
    }

    /** 423 with the shortest expiry this host accepts (RFC 3903, section 6, step 3). */
    static PublishAnswer intervalTooBrief(long minExpiresSeconds) {
        return new PublishAnswer(423, "Interval Too Brief", Map.of(MIN_EXPIRES, Long.toString(minExpiresSeconds)));
    }

    /** 412: the entity-tag names no publication in force (RFC 3903, section 6, step 4). */
    static PublishAnswer conditionalRequestFailed() {
        return new PublishAnswer(412, "Conditional Request Failed", Map.of());
    }

    /** 400 with a reason phrase naming what is wrong. */
    static PublishAnswer badRequest(String reason) {
        return refused(400, reason);
    }

    static PublishAnswer refused(int status, String reason) {
        return new PublishAnswer(status, reason, Map.of());
    }

    /** 403: the source may not publish. */
    static PublishAnswer forbidden() {
        return new PublishAnswer(403, "Forbidden", Map.of());
    }
}
