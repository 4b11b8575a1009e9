package io.sipsm.host.internal.admission;

/**
 * Whether a message is more than the host takes ({@link LimitSettings#messageBytes()},
 * {@link LimitSettings#headers()}). Both excesses are answered {@code 513 Message Too Large} (RFC 3261 section
 * 21.5.14): a message with too many header lines is well formed, only more than the host will handle, which
 * is what 513 says and 400 (a syntax fault) does not; a sender that shortens it can be served.
 */
public final class MessageLimits {

    /** The fault of a message over the size limit. */
    public static final String TOO_LARGE = "Message Too Large";

    /** The fault of a message over the header limit. */
    public static final String TOO_MANY_HEADERS = "Too Many Headers";

    private MessageLimits() {
    }

    /**
     * The limit a message exceeds, or null.
     *
     * @param bytes the whole datagram, or the header section of a message read from a stream
     * @param bodyBytes the body the stream will bring after {@code bytes} (its Content-Length), 0 for a datagram
     */
    public static String excess(byte[] bytes, long bodyBytes, LimitSettings limits) {
        if (bytes.length + Math.max(0, bodyBytes) > limits.messageBytes()) {
            return TOO_LARGE;
        }
        if (headerLines(bytes, limits.headers() + 1) > limits.headers()) {
            return TOO_MANY_HEADERS;
        }
        return null;
    }

    /**
     * The header lines after the start line, up to the empty line that ends them; a folded line (starting with
     * a space or tab) continues its header. Counting stops at {@code enough}.
     */
    static int headerLines(byte[] bytes, int enough) {
        int lines = 0;
        int i = 0;
        // The start line, after any empty lines before it (RFC 3261 section 7.5).
        while (i < bytes.length && (bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        i = nextLine(bytes, i);
        while (i < bytes.length && lines < enough) {
            byte first = bytes[i];
            if (first == '\r' || first == '\n') {
                break;
            }
            if (first != ' ' && first != '\t') {
                lines++;
            }
            i = nextLine(bytes, i);
        }
        return lines;
    }

    private static int nextLine(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i + 1;
            }
        }
        return bytes.length;
    }
}
