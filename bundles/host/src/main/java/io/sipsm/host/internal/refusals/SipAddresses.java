package io.sipsm.host.internal.refusals;

import java.util.Locale;

/**
 * The user and host parts of a SIP URI, read from a From value ({@code "Alice" <sip:alice@a.example>;tag=1}) or a
 * Request-URI as received, without a parser: what a refused call's report names, read leniently (a part that
 * cannot be told is null).
 */
final class SipAddresses {

    private SipAddresses() {
    }

    /** The URI of a name-addr or addr-spec: between the angle brackets, else up to the header's parameters. */
    static String uri(String value) {
        if (value == null) {
            return null;
        }
        int open = value.indexOf('<');
        if (open >= 0) {
            int close = value.indexOf('>', open);
            return close < 0 ? null : value.substring(open + 1, close).trim();
        }
        int parameters = value.indexOf(';');
        return (parameters < 0 ? value : value.substring(0, parameters)).trim();
    }

    /** The user part of a {@code sip:}, {@code sips:} or {@code tel:} URI (without user parameters), or null. */
    static String user(String uri) {
        String rest = afterScheme(uri);
        if (rest == null) {
            return null;
        }
        if (uri.regionMatches(true, 0, "tel:", 0, 4)) {
            return cut(rest, ";");
        }
        int at = rest.lastIndexOf('@');
        return at <= 0 ? null : cut(rest.substring(0, at), ";:");
    }

    /** The host part of a {@code sip:} or {@code sips:} URI, in lower case, or null. */
    static String host(String uri) {
        String rest = afterScheme(uri);
        if (rest == null || uri.regionMatches(true, 0, "tel:", 0, 4)) {
            return null;
        }
        String hostPort = rest.substring(rest.lastIndexOf('@') + 1);
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            return close < 0 ? null : hostPort.substring(0, close + 1).toLowerCase(Locale.ROOT);
        }
        String host = cut(hostPort, ":;?");
        return host == null ? null : host.toLowerCase(Locale.ROOT);
    }

    private static String afterScheme(String uri) {
        if (uri == null) {
            return null;
        }
        int colon = uri.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        return scheme.equals("sip") || scheme.equals("sips") || scheme.equals("tel") ? uri.substring(colon + 1) : null;
    }

    /** The text up to the first of {@code ends}, or null when that is empty. */
    private static String cut(String text, String ends) {
        int end = text.length();
        for (int i = 0; i < text.length(); i++) {
            if (ends.indexOf(text.charAt(i)) >= 0) {
                end = i;
                break;
            }
        }
        return end == 0 ? null : text.substring(0, end);
    }
}
