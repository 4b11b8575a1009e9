package io.sipsm.host.internal.queue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.sipsm.host.internal.sip.HeaderValues;

/**
 * The headers of a received INVITE or ACK read straight from the datagram, before the stack's parser: enough to
 * tell an initial INVITE and its transaction, and to refuse it statelessly, at a fraction of a full parse.
 *
 * <p>The reading is strict rather than complete. Whatever it cannot read with certainty (folded or repeated
 * headers, a top Via that is not UDP or names a {@code maddr}, a branch without the RFC 3261 cookie, a
 * missing header, a CSeq of another method) makes {@link #read} return null and the datagram goes to the
 * stack as it came, which answers it in full. The bytes are read as ISO-8859-1, so that what is copied into
 * a response is byte for byte what was received.
 *
 * @param method {@code INVITE} or {@code ACK}
 * @param requestUri the Request-URI, as received
 * @param transactionId the stack's id of the request's transaction: the top Via's branch, in lower case
 * @param topViaSentBy the top Via value up to its parameters: protocol, transport and sent-by, as received
 * @param topViaParameters the top Via's parameters, as received
 * @param viaHost the host of the top Via's sent-by
 * @param viaPort the port of the top Via's sent-by, 5060 when it names none
 * @param rport whether the top Via asks for the response at the source port (RFC 3581)
 * @param otherVias the Via values below the top one, in order
 * @param from the From value
 * @param to the To value
 * @param toTag the To tag, or null
 * @param callId the Call-ID value
 * @param cseq the CSeq value
 */
public record DatagramRequest(String method, String requestUri, String transactionId, String topViaSentBy,
        List<String> topViaParameters, String viaHost, int viaPort, boolean rport, List<String> otherVias, String from,
        String to, String toTag, String callId, String cseq) {

    private static final int FROM = 0;
    private static final int TO = 1;
    private static final int CALL_ID = 2;
    private static final int CSEQ_HEADER = 3;
    private static final int SINGLE_HEADERS = 4;

    private static final String BRANCH_COOKIE = "z9hg4bk";
    private static final Pattern START_LINE = Pattern.compile("(INVITE|ACK) (\\S+) SIP/2\\.0");
    private static final Pattern UDP_VIA = Pattern.compile(
            "SIP\\s*/\\s*2\\.0\\s*/\\s*UDP\\s+(\\[[0-9A-Fa-f:.]+\\]|[^\\s:;\\[\\]]+)(?:\\s*:\\s*(\\d{1,5}))?\\s*(;.*)?",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern CSEQ = Pattern.compile("\\d{1,10}\\s+(\\S+)");

    /** Whether the datagram starts as a request the receive path reads at all; costs a few byte compares. */
    public static boolean mayBeRead(byte[] data, int offset, int length) {
        return startsWith(data, offset, length, "INVITE ") || startsWith(data, offset, length, "ACK ");
    }

    /** Whether the datagram is an ACK; a few byte compares. */
    public static boolean isAck(byte[] data, int offset, int length) {
        return startsWith(data, offset, length, "ACK ");
    }

    /** Whether the bytes hold {@code ascii} anywhere, compared exactly; nothing is parsed or copied. */
    public static boolean contains(byte[] data, int offset, int length, String ascii) {
        int last = offset + length - ascii.length();
        for (int start = offset; start <= last; start++) {
            int i = 0;
            while (i < ascii.length() && data[start + i] == ascii.charAt(i)) {
                i++;
            }
            if (i == ascii.length()) {
                return true;
            }
        }
        return false;
    }

    /** The request in these bytes, or null when they are not one this class reads with certainty. */
    public static DatagramRequest read(byte[] data, int offset, int length) {
        String text = new String(data, offset, length, StandardCharsets.ISO_8859_1);
        int headersEnd = text.indexOf("\r\n\r\n");
        if (headersEnd < 0) {
            return null;
        }
        String[] lines = text.substring(0, headersEnd).split("\r\n", -1);
        Matcher start = START_LINE.matcher(lines[0]);
        if (!start.matches()) {
            return null;
        }
        List<String> vias = new ArrayList<>();
        String[] single = new String[SINGLE_HEADERS];
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            int colon = line.indexOf(':');
            if (line.isEmpty() || line.charAt(0) == ' ' || line.charAt(0) == '\t' || colon <= 0) {
                return null; // a folded or broken line: the stack's parser knows the rules
            }
            String value = line.substring(colon + 1).trim();
            String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (name.equals("via") || name.equals("v")) {
                vias.addAll(HeaderValues.split(value));
                continue;
            }
            int index = singleHeaderIndex(name);
            if (index >= 0) {
                if (single[index] != null || value.isEmpty()) {
                    return null;
                }
                single[index] = value;
            }
        }
        for (String value : single) {
            if (value == null) {
                return null;
            }
        }
        if (vias.isEmpty()) {
            return null;
        }
        String from = single[FROM];
        String to = single[TO];
        String callId = single[CALL_ID];
        String cseq = single[CSEQ_HEADER];
        String method = start.group(1);
        Matcher sequence = CSEQ.matcher(cseq);
        if (!sequence.matches() || !sequence.group(1).equals(method)) {
            return null;
        }
        return withTopVia(method, start.group(2), vias, from, to, callId, cseq);
    }

    private static DatagramRequest withTopVia(String method, String requestUri, List<String> vias, String from,
            String to, String callId, String cseq) {
        String topVia = vias.get(0);
        Matcher via = UDP_VIA.matcher(topVia);
        if (!via.matches()) {
            return null;
        }
        String branch = null;
        boolean rport = false;
        List<String> viaParameters = parameters(via.group(3));
        for (String parameter : viaParameters) {
            String name = parameterName(parameter);
            if (name.equals("maddr")) {
                return null;
            } else if (name.equals("rport")) {
                rport = true;
            } else if (name.equals("branch")) {
                branch = parameterValue(parameter);
            }
        }
        if (branch == null || !branch.toLowerCase(Locale.ROOT).startsWith(BRANCH_COOKIE)) {
            return null;
        }
        String toTag = tag(to);
        if (toTag != null && toTag.isEmpty()) {
            return null;
        }
        int port = via.group(2) == null ? 5060 : Integer.parseInt(via.group(2));
        if (port < 1 || port > 65_535) {
            return null;
        }
        String sentBy = via.group(3) == null ? topVia : topVia.substring(0, via.start(3)).trim();
        return new DatagramRequest(method, requestUri, branch.toLowerCase(Locale.ROOT), sentBy, viaParameters,
                via.group(1), port, rport, List.copyOf(vias.subList(1, vias.size())), from, to, toTag, callId, cseq);
    }

    /** Where a header that must appear once is kept, by its name in lower case (long or compact); -1 for others. */
    private static int singleHeaderIndex(String name) {
        return switch (name) {
            case "from", "f" -> FROM;
            case "to", "t" -> TO;
            case "call-id", "i" -> CALL_ID;
            case "cseq" -> CSEQ_HEADER;
            default -> -1;
        };
    }

    /**
     * The tag of a From or To value (RFC 3261 section 20.39): among the parameters after the name-addr's closing
     * angle bracket, or after the addr-spec when there is none. Null without one; empty when the value holds a
     * quoted display name or brackets this reading does not follow, or an empty tag.
     */
    private static String tag(String nameAddr) {
        int open = nameAddr.indexOf('<');
        int close = nameAddr.indexOf('>');
        if (nameAddr.indexOf('"') >= 0 || (open < 0) != (close < 0) || close < open) {
            return "";
        }
        String afterAddress = open < 0 ? nameAddr : nameAddr.substring(close + 1);
        int semicolon = afterAddress.indexOf(';');
        String tag = null;
        for (String parameter : parameters(semicolon < 0 ? null : afterAddress.substring(semicolon))) {
            if (parameterName(parameter).equals("tag")) {
                tag = parameterValue(parameter);
            }
        }
        return tag;
    }

    private static List<String> parameters(String semicolonList) {
        if (semicolonList == null) {
            return List.of();
        }
        List<String> parameters = new ArrayList<>();
        for (String parameter : semicolonList.split(";")) {
            if (!parameter.isBlank()) {
                parameters.add(parameter.trim());
            }
        }
        return parameters;
    }

    private static String parameterName(String parameter) {
        int equals = parameter.indexOf('=');
        return (equals < 0 ? parameter : parameter.substring(0, equals)).trim().toLowerCase(Locale.ROOT);
    }

    private static String parameterValue(String parameter) {
        int equals = parameter.indexOf('=');
        return equals < 0 ? "" : parameter.substring(equals + 1).trim();
    }

    /**
     * The Call-ID of any SIP message in these bytes, request or response, or null when it has none before the
     * end of its headers; a few hundred byte compares, no parsing.
     */
    public static String callId(byte[] data, int offset, int length) {
        int end = offset + length;
        int line = offset;
        while (line < end) {
            int lineEnd = line;
            while (lineEnd < end && data[lineEnd] != '\r' && data[lineEnd] != '\n') {
                lineEnd++;
            }
            if (lineEnd == line) {
                return null; // the empty line that ends the headers
            }
            int colon = headerColon(data, line, lineEnd, "call-id");
            if (colon < 0) {
                colon = headerColon(data, line, lineEnd, "i");
            }
            if (colon >= 0) {
                String value = new String(data, colon + 1, lineEnd - colon - 1, StandardCharsets.ISO_8859_1).trim();
                return value.isEmpty() ? null : value;
            }
            line = lineEnd < end && data[lineEnd] == '\r' && lineEnd + 1 < end && data[lineEnd + 1] == '\n'
                    ? lineEnd + 2 : lineEnd + 1;
        }
        return null;
    }

    /** Where the colon after this header name is on the line, ignoring case and blanks; -1 for another line. */
    private static int headerColon(byte[] data, int line, int lineEnd, String lowerCaseName) {
        int i = line;
        for (int n = 0; n < lowerCaseName.length(); n++, i++) {
            if (i >= lineEnd || Character.toLowerCase((char) (data[i] & 0xff)) != lowerCaseName.charAt(n)) {
                return -1;
            }
        }
        while (i < lineEnd && (data[i] == ' ' || data[i] == '\t')) {
            i++;
        }
        return i < lineEnd && data[i] == ':' ? i : -1;
    }

    private static boolean startsWith(byte[] data, int offset, int length, String prefix) {
        if (length < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[offset + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    public boolean isInvite() {
        return "INVITE".equals(method);
    }

    /**
     * A final response to this request, sent without any state: the Vias, From, Call-ID and CSeq copied, the
     * To tagged, the top Via marked with where the request came from ({@code received} when that differs from
     * its sent-by or {@code rport} is asked, {@code rport} filled: RFC 3261 section 18.2.1, RFC 3581).
     *
     * @param extraHeaders whole header lines to add, such as {@code Retry-After: 5}
     */
    public byte[] response(int status, String reason, String tag, String sourceAddress, int sourcePort,
            List<String> extraHeaders) {
        StringBuilder response = new StringBuilder(512).append("SIP/2.0 ").append(status).append(' ').append(reason)
                .append("\r\nVia: ").append(topViaSentBy);
        for (String parameter : topViaParameters) {
            String name = parameterName(parameter);
            if (!name.equals("received") && !name.equals("rport")) {
                response.append(';').append(parameter);
            }
        }
        if (rport || !viaHost.equals(sourceAddress)) {
            response.append(";received=").append(sourceAddress);
        }
        if (rport) {
            response.append(";rport=").append(sourcePort);
        }
        response.append("\r\n");
        for (String via : otherVias) {
            response.append("Via: ").append(via).append("\r\n");
        }
        response.append("From: ").append(from).append("\r\nTo: ").append(to);
        if (toTag == null) {
            response.append(";tag=").append(tag);
        }
        response.append("\r\nCall-ID: ").append(callId).append("\r\nCSeq: ").append(cseq).append("\r\n");
        for (String header : extraHeaders) {
            response.append(header).append("\r\n");
        }
        return response.append("Content-Length: 0\r\n\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Where a response goes over UDP: the source port when {@code rport} is asked, else the sent-by port. */
    public int responsePort(int sourcePort) {
        return rport ? sourcePort : viaPort;
    }
}
