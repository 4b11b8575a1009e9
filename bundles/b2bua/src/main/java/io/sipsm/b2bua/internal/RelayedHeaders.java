package io.sipsm.b2bua.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.ListIterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.servlet.sip.SipServletMessage;

/**
 * What of a caller's headers the B2BUA passes to the other leg. The container copies every header of the
 * request it is given; the relay takes out a header with a value over {@value #MAX_VALUE_CHARS} characters
 * and, past {@value #MAX_EXTENSION_HEADERS} headers of names the relay does not know, the rest of those: a
 * gateway never gets more from a caller than a call needs, whatever the host's limits on what arrives let
 * through. The headers the call runs on (its body's type, its extensions, its timers) stay within the count.
 */
final class RelayedHeaders {

    static final int MAX_VALUE_CHARS = 1024;

    static final int MAX_EXTENSION_HEADERS = 32;

    /** Headers a relayed request carries for the call itself, in lower case; never dropped for the count. */
    private static final Set<String> CALL_HEADERS = Set.of("content-type", "content-disposition",
            "content-encoding", "content-language", "supported", "require", "proxy-require", "allow", "accept",
            "accept-encoding", "accept-language", "session-expires", "min-se", "max-forwards", "expires", "event",
            "subscription-state", "refer-to", "referred-by", "replaces", "reason", "rseq", "rack", "privacy",
            "p-asserted-identity", "p-preferred-identity", "user-agent", "date", "timestamp", "organization",
            "subject", "priority", "call-info", "alert-info");

    private RelayedHeaders() {
    }

    /**
     * The names of the headers to take out of a request about to be relayed.
     *
     * @param headers each header name with its values, in the message's order
     */
    static List<String> excess(Map<String, List<String>> headers) {
        List<String> excess = new ArrayList<>();
        int extensions = 0;
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            String name = header.getKey();
            if (header.getValue().stream().anyMatch(value -> value.length() > MAX_VALUE_CHARS)) {
                excess.add(name);
            } else if (!CALL_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                    && ++extensions > MAX_EXTENSION_HEADERS) {
                excess.add(name);
            }
        }
        return excess;
    }

    /**
     * Takes the excess out of {@code message}; a header the container does not let an application remove (its
     * system headers, which it writes itself) stays.
     */
    static void bound(SipServletMessage message) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (Iterator<String> names = message.getHeaderNames(); names.hasNext();) {
            String name = names.next();
            headers.put(name, values(message.getHeaders(name)));
        }
        for (String name : excess(headers)) {
            try {
                message.removeHeader(name);
            } catch (IllegalArgumentException | IllegalStateException systemHeader) {
                // Written by the container for this leg, not copied from the caller.
            }
        }
    }

    /** The values of one header, those over the limit included. */
    private static List<String> values(ListIterator<String> values) {
        List<String> list = new ArrayList<>();
        values.forEachRemaining(list::add);
        return list;
    }

    /** Whether a value may be relayed as it is. */
    static boolean fits(String value) {
        return value.length() <= MAX_VALUE_CHARS;
    }
}
