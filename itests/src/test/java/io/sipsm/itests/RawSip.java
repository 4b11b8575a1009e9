package io.sipsm.itests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-made SIP peer on 127.0.0.1 for bad input: sends bytes as they are, over UDP or one TCP connection, and
 * reads back the responses. It acknowledges a final error to an INVITE (RFC 3261 17.1.1.3), so the host's
 * transaction ends as with any caller, and it can ask the host something on the same socket (an OPTIONS to the
 * host itself, which the host answers at once) to know that it has read everything sent before.
 */
public final class RawSip implements AutoCloseable {

    /** A response as received: its status line, Call-ID and the whole text. */
    public record Response(int status, String reason, String callId, String text) {

        /** The value of a header (long name), or empty. */
        public Optional<String> header(String name) {
            Matcher m = Pattern.compile("(?mi)^" + Pattern.quote(name) + "\\s*:\\s*(.*?)\\r?$").matcher(text);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        }
    }

    private static final Pattern STATUS = Pattern.compile("^SIP/2\\.0 (\\d{3}) ?([^\\r\\n]*)");
    private static final Pattern CALL_ID = Pattern.compile("(?mi)^(?:Call-ID|i)\\s*:\\s*(\\S+)");
    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?mi)^(?:Content-Length|l)\\s*:\\s*(\\d+)");

    private final String transport;
    private final int hostPort;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final InputStream tcpIn;
    private final ByteArrayOutputStream tcpBuffer = new ByteArrayOutputStream();
    private final List<Response> received = new ArrayList<>();
    private int probes;
    private boolean closedByHost;

    private RawSip(String transport, int hostPort) throws IOException {
        this.transport = transport.toUpperCase(Locale.ROOT);
        this.hostPort = hostPort;
        if ("UDP".equals(this.transport)) {
            udp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
            tcp = null;
            tcpIn = null;
        } else {
            udp = null;
            tcp = new Socket();
            tcp.bind(new InetSocketAddress("127.0.0.1", 0));
            tcp.connect(new InetSocketAddress("127.0.0.1", hostPort), 5000);
            tcpIn = tcp.getInputStream();
        }
    }

    /** A peer talking to the host at 127.0.0.1:{@code hostPort} over {@code transport} (udp or tcp). */
    public static RawSip open(String transport, int hostPort) throws IOException {
        return new RawSip(transport, hostPort);
    }

    public String transport() {
        return transport;
    }

    public int localPort() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    /** The text with {@code @TRANSPORT@} and {@code @PORT@} (this peer's) filled in. */
    public String fill(String text) {
        return text.replace("@TRANSPORT@", transport).replace("@PORT@", Integer.toString(localPort()));
    }

    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    public void send(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), hostPort));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** Every response received so far, in order. */
    public List<Response> received() {
        return List.copyOf(received);
    }

    /**
     * Waits for the first final response to the Call-ID, acknowledging it when it ends an INVITE; empty when
     * none came within the timeout.
     */
    public Optional<Response> finalResponse(String callId, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // A request without Call-ID gets an answer without one.
            Optional<Response> found = received.stream().filter(r -> r.status() >= 200
                    && (callId.isEmpty() ? r.callId() == null : callId.equals(r.callId()))).findFirst();
            if (found.isPresent()) {
                return found;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !read(Duration.ofNanos(left))) {
                return Optional.empty();
            }
        }
    }

    /**
     * Asks the host something it answers itself and waits for that answer: what was sent before on this socket
     * has been read by then. Returns the answer's status, or -1 when none came.
     */
    public int probe(Duration timeout) throws IOException {
        if (closedByHost) {
            return -1;
        }
        String callId = "probe-" + (++probes) + "-" + localPort();
        send("OPTIONS sip:127.0.0.1:" + hostPort + " SIP/2.0\r\nVia: SIP/2.0/" + transport + " 127.0.0.1:" + localPort()
                + ";branch=z9hG4bK-" + callId + "\r\nFrom: <sip:probe@127.0.0.1>;tag=" + callId
                + "\r\nTo: <sip:127.0.0.1>\r\nCall-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n");
        return finalResponse(callId, timeout).map(Response::status).orElse(-1);
    }

    /** Whether the host closed the connection (TCP). */
    public boolean closedByHost() {
        return closedByHost;
    }

    /** The responses that are not answers to probes. */
    public List<Response> answers() {
        return received.stream().filter(r -> r.callId() == null || !r.callId().startsWith("probe-")).toList();
    }

    /** Reads what arrived within the timeout; false when nothing did. */
    private boolean read(Duration timeout) throws IOException {
        int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
        try {
            if (udp != null) {
                udp.setSoTimeout(millis);
                DatagramPacket packet = new DatagramPacket(new byte[65535], 65535);
                udp.receive(packet);
                take(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1));
                return true;
            }
            tcp.setSoTimeout(millis);
            byte[] chunk = new byte[8192];
            int n = tcpIn.read(chunk);
            if (n < 0) {
                closedByHost = true;
                return false;
            }
            tcpBuffer.write(chunk, 0, n);
            drainStream();
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private void drainStream() {
        String text = tcpBuffer.toString(StandardCharsets.ISO_8859_1);
        int start = 0;
        while (true) {
            while (text.startsWith("\r\n", start)) {
                start += 2; // keep-alive answers
            }
            int end = text.indexOf("\r\n\r\n", start);
            if (end < 0) {
                break;
            }
            String headers = text.substring(start, end + 4);
            Matcher length = CONTENT_LENGTH.matcher(headers);
            int total = end + 4 + (length.find() ? Integer.parseInt(length.group(1)) : 0);
            if (total > text.length()) {
                break;
            }
            take(text.substring(start, total));
            start = total;
        }
        byte[] rest = text.substring(start).getBytes(StandardCharsets.ISO_8859_1);
        tcpBuffer.reset();
        tcpBuffer.write(rest, 0, rest.length);
    }

    /** Whether the stream holds a bare CRLF (a keep-alive's answer) received since the last call. */
    public boolean awaitCrlf(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        tcp.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        while (System.nanoTime() < deadline) {
            try {
                int b = tcpIn.read();
                if (b < 0) {
                    return false;
                }
                if (b == '\r' && tcpIn.read() == '\n') {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
        return false;
    }

    private void take(String text) {
        Matcher status = STATUS.matcher(text);
        if (!status.find()) {
            return;
        }
        Matcher callId = CALL_ID.matcher(text);
        Response response = new Response(Integer.parseInt(status.group(1)), status.group(2),
                callId.find() ? callId.group(1) : null, text);
        received.add(response);
        if (response.status() >= 300 && response.header("CSeq").map(c -> c.endsWith("INVITE")).orElse(false)) {
            acknowledge(response);
        }
    }

    /** The ACK of a final error: same Request-URI target, the response's Via, From, To, Call-ID and CSeq number. */
    private void acknowledge(Response response) {
        if (response.header("Via").isEmpty() || response.header("From").isEmpty() || response.header("To").isEmpty()
                || response.callId() == null) {
            return; // an answer to a request without them: there is nothing to acknowledge it with
        }
        String cseq = response.header("CSeq").orElseThrow().trim().split("\\s+")[0];
        String ack = "ACK sip:127.0.0.1:" + hostPort + " SIP/2.0\r\nVia: " + response.header("Via").orElseThrow()
                + "\r\nFrom: " + response.header("From").orElseThrow() + "\r\nTo: " + response.header("To").orElseThrow()
                + "\r\nCall-ID: " + response.callId() + "\r\nCSeq: " + cseq + " ACK\r\nMax-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        try {
            send(ack);
        } catch (IOException | RuntimeException e) {
            // The host ends the transaction by its own timer then.
        }
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
