package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.Optional;

/**
 * A Session-Expires value (RFC 4028 section 4): {@code delta-seconds *(SEMI se-params)}, where a
 * {@code refresher} parameter may name the refreshing role and other parameters are ignored.
 *
 * @param interval the session interval
 * @param refresher the refresher role, empty when the sender left it open
 */
record SessionExpires(Duration interval, Optional<Refresher> refresher) {

    /** The header's name. */
    static final String HEADER = "Session-Expires";

    /** The largest delta-seconds a 32-bit field holds (RFC 3261 section 7.3.1); larger values are refused. */
    static final long MAX_DELTA_SECONDS = 4_294_967_295L;

    static SessionExpires of(Duration interval, Refresher refresher) {
        return new SessionExpires(interval, Optional.of(refresher));
    }

    /** The header value, e.g. {@code 1800;refresher=uac}. */
    String format() {
        return interval.toSeconds() + refresher.map(r -> ";refresher=" + r.parameter()).orElse("");
    }

    /** @throws MalformedHeaderException when the value breaks the grammar */
    static SessionExpires parse(String value) throws MalformedHeaderException {
        String[] parts = value.split(";", -1);
        Duration interval = deltaSeconds(parts[0]);
        Optional<Refresher> refresher = Optional.empty();
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].trim();
            int equals = parameter.indexOf('=');
            String name = (equals < 0 ? parameter : parameter.substring(0, equals)).trim();
            if (name.isEmpty()) {
                throw new MalformedHeaderException("empty parameter in '" + value + "'");
            }
            if (name.equalsIgnoreCase("refresher")) {
                if (equals < 0 || refresher.isPresent()) {
                    throw new MalformedHeaderException("refresher needs exactly one value in '" + value + "'");
                }
                refresher = Optional.of(Refresher.parse(parameter.substring(equals + 1)));
            }
        }
        return new SessionExpires(interval, refresher);
    }

    /**
     * Parses {@code delta-seconds} (one or more digits, nothing else); parameters after it are the caller's.
     *
     * @throws MalformedHeaderException for an empty value, a sign, a fraction or any other character, and for a
     *         value past 2^32 - 1: no interval that long is meant, and reading it as some other value would agree
     *         to terms the peer never offered
     */
    static Duration deltaSeconds(String text) throws MalformedHeaderException {
        String digits = text.trim();
        if (digits.isEmpty() || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedHeaderException("delta-seconds expected, was '" + text.trim() + "'");
        }
        String significant = digits.replaceFirst("^0+(?=.)", "");
        if (significant.length() > 10 || Long.parseLong(significant) > MAX_DELTA_SECONDS) {
            throw new MalformedHeaderException("delta-seconds out of range: '" + digits + "'");
        }
        return Duration.ofSeconds(Long.parseLong(significant));
    }

    /** Parses a Min-SE value (RFC 4028 section 5): delta-seconds and generic parameters, which are ignored. */
    static Duration parseMinSe(String value) throws MalformedHeaderException {
        int semicolon = value.indexOf(';');
        return deltaSeconds(semicolon < 0 ? value : value.substring(0, semicolon));
    }
}
