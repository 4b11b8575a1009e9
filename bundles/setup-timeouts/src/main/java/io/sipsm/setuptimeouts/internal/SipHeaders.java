package io.sipsm.setuptimeouts.internal;

import java.util.Locale;

/** The little header parsing the policy needs; lenient, since a malformed header must not stop a call. */
final class SipHeaders {

    private SipHeaders() {
    }

    /**
     * The host of the URI in a To or From value such as {@code "Bob" <sip:bob@acme.example.com:5060>;tag=x},
     * lower case, or null when there is none.
     */
    static String host(String nameAddr) {
        if (nameAddr == null) {
            return null;
        }
        String uri = nameAddr;
        int open = uri.indexOf('<');
        if (open >= 0) {
            int close = uri.indexOf('>', open);
            uri = uri.substring(open + 1, close < 0 ? uri.length() : close);
        }
        int scheme = uri.indexOf(':');
        if (scheme < 0) {
            return null;
        }
        String rest = uri.substring(scheme + 1);
        rest = rest.substring(rest.indexOf('@') + 1);
        if (rest.startsWith("[")) {
            int end = rest.indexOf(']');
            return end < 0 ? null : rest.substring(0, end + 1).toLowerCase(Locale.ROOT);
        }
        int end = 0;
        while (end < rest.length() && ":;?>, ".indexOf(rest.charAt(end)) < 0) {
            end++;
        }
        return end == 0 ? null : rest.substring(0, end).toLowerCase(Locale.ROOT);
    }

    /** True when a To value carries a tag: the request is inside a dialog, not an initial one. */
    static boolean hasTag(String to) {
        return to != null && to.toLowerCase(Locale.ROOT).matches(".*;\\s*tag\\s*=.*");
    }

    /**
     * True when the top Via says UDP, where the stack retransmits an unanswered INVITE; over a reliable
     * transport it sends it once. Without a Via the stack's default, UDP, is assumed.
     */
    static boolean isUdp(String topVia) {
        if (topVia == null) {
            return true;
        }
        String protocol = topVia.trim().split("\\s+", 2)[0];
        String transport = protocol.substring(protocol.lastIndexOf('/') + 1);
        return transport.isEmpty() || transport.equalsIgnoreCase("UDP");
    }
}
