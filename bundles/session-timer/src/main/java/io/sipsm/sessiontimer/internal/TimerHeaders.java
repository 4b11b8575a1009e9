package io.sipsm.sessiontimer.internal;

import java.util.ArrayList;
import java.util.List;

import io.sipsm.host.SipMessage;

/**
 * Writes the session-timer headers of a message the host sends. A B2BUA copies Session-Expires, Min-SE,
 * Supported and Require from the other leg, so every write replaces what is there instead of adding to it.
 */
final class TimerHeaders {

    static final String SUPPORTED = "Supported";
    static final String REQUIRE = "Require";

    private TimerHeaders() {
    }

    /** Session-Expires and Min-SE as given, and {@code timer} in Supported. */
    static void offer(SipMessage message, SessionExpires sessionExpires, java.time.Duration minSe) {
        message.setHeader(SessionExpires.HEADER, sessionExpires.format());
        message.setHeader(Negotiation.MIN_SE, Long.toString(minSe.toSeconds()));
        setTag(message, SUPPORTED, Negotiation.TIMER, true);
    }

    /** A 2xx: Session-Expires as given, and {@code timer} in Require exactly when the peer supports it. */
    static void answer(SipMessage message, SessionExpires sessionExpires, boolean peerSupportsTimer) {
        message.setHeader(SessionExpires.HEADER, sessionExpires.format());
        setTag(message, REQUIRE, Negotiation.TIMER, peerSupportsTimer);
    }

    /** No session timer on this leg: nothing that would make the peer expect one. */
    static void strip(SipMessage message) {
        message.removeHeader(SessionExpires.HEADER);
        message.removeHeader(Negotiation.MIN_SE);
        setTag(message, REQUIRE, Negotiation.TIMER, false);
        if (message.isRequest()) {
            setTag(message, SUPPORTED, Negotiation.TIMER, false);
        }
    }

    /** Adds or removes one option tag of a list header, keeping the others in order. */
    static void setTag(SipMessage message, String header, String tag, boolean present) {
        List<String> values = new ArrayList<>(message.headers(header));
        boolean has = Negotiation.hasTag(values, tag);
        if (has == present) {
            return;
        }
        if (present) {
            values.add(tag);
        } else {
            values.removeIf(v -> v.trim().equalsIgnoreCase(tag));
        }
        message.setHeaders(header, values);
    }

    /** The CSeq number of a message, or -1 when it cannot be read. */
    static long cseqNumber(SipMessage message) {
        String value = message.header("CSeq");
        if (value == null) {
            return -1;
        }
        String number = value.trim().split("\\s+", 2)[0];
        try {
            return Long.parseLong(number);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The host part of the first SIP URI in a header value such as a To header, lower case, or null. The SPI
     * shows no Request-URI, and the To URI is the dialled one unless a proxy retargeted the request.
     */
    static String domainOf(String addressValue) {
        if (addressValue == null) {
            return null;
        }
        String lower = addressValue.toLowerCase(java.util.Locale.ROOT);
        int scheme = lower.indexOf("sip:");
        int length = 4;
        int secure = lower.indexOf("sips:");
        if (secure >= 0 && (scheme < 0 || secure < scheme)) {
            scheme = secure;
            length = 5;
        }
        if (scheme < 0) {
            return null;
        }
        int start = scheme + length;
        int end = indexOfAny(lower, start, ";>?, ");
        String hostPart = lower.substring(start, end);
        int at = hostPart.lastIndexOf('@');
        hostPart = hostPart.substring(at + 1);
        if (hostPart.startsWith("[")) {
            int close = hostPart.indexOf(']');
            return close < 0 ? null : hostPart.substring(0, close + 1);
        }
        int colon = hostPart.indexOf(':');
        String host = colon < 0 ? hostPart : hostPart.substring(0, colon);
        return host.isEmpty() ? null : host;
    }

    private static int indexOfAny(String text, int from, String chars) {
        for (int i = from; i < text.length(); i++) {
            if (chars.indexOf(text.charAt(i)) >= 0) {
                return i;
            }
        }
        return text.length();
    }
}
