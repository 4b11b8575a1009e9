package io.sipsm.host.internal.sip;

import java.util.Locale;
import java.util.Map;

/**
 * The full names of the compact header forms (RFC 3261 section 7.3.3 and the extensions that define one), so a
 * header written {@code k:} on the wire is found as Supported, and {@code x} asked for finds Session-Expires.
 */
final class HeaderNames {

    private static final Map<String, String> FULL = Map.ofEntries(
            Map.entry("a", "Accept-Contact"), Map.entry("b", "Referred-By"), Map.entry("c", "Content-Type"),
            Map.entry("d", "Request-Disposition"), Map.entry("e", "Content-Encoding"), Map.entry("f", "From"),
            Map.entry("i", "Call-ID"), Map.entry("j", "Reject-Contact"), Map.entry("k", "Supported"),
            Map.entry("l", "Content-Length"), Map.entry("m", "Contact"), Map.entry("n", "Identity-Info"),
            Map.entry("o", "Event"), Map.entry("r", "Refer-To"), Map.entry("s", "Subject"), Map.entry("t", "To"),
            Map.entry("u", "Allow-Events"), Map.entry("v", "Via"), Map.entry("x", "Session-Expires"),
            Map.entry("y", "Identity"));

    private HeaderNames() {
    }

    /** The full name for a compact one, any other name as it is (the stack matches names ignoring case). */
    static String full(String name) {
        String trimmed = name.trim();
        return trimmed.length() == 1 ? FULL.getOrDefault(trimmed.toLowerCase(Locale.ROOT), trimmed) : trimmed;
    }
}
