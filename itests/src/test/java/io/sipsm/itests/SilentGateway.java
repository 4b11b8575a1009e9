package io.sipsm.itests;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A gateway on 127.0.0.1 that notes when each datagram arrived (System.nanoTime on a thread that does nothing
 * but receive), for measuring retransmission schedules on the wire. It answers nothing, except INVITEs to the
 * users it was told to answer, which get a 200 (and then silence: their BYE is never answered).
 */
final class SilentGateway implements AutoCloseable {

    /** One datagram as it came. */
    record Arrival(long nanos, String startLine, String callId, String text) {

        /** The request's method, or empty for a response. */
        String method() {
            return startLine.startsWith("SIP/2.0") ? "" : startLine.substring(0, startLine.indexOf(' '));
        }

        /** The user part of the Request-URI, or empty. */
        String user() {
            Matcher m = USER.matcher(startLine);
            return m.find() ? m.group(1) : "";
        }
    }

    private static final Pattern CALL_ID = Pattern.compile("(?mi)^(?:Call-ID|i)\\s*:\\s*(\\S+)");
    private static final Pattern USER = Pattern.compile("^\\S+ sips?:([^@;> ]+)@");

    private final DatagramSocket socket;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private final java.util.Set<String> answered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private SilentGateway(int port) throws SocketException {
        socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", port));
        reader = new Thread(this::receive, "silent-gateway-" + port);
        reader.setDaemon(true);
        reader.setPriority(Thread.MAX_PRIORITY);
        reader.start();
    }

    static SilentGateway listen(int port) throws SocketException {
        return new SilentGateway(port);
    }

    /** INVITEs to this user get a 200 OK from now on. */
    void answerInvitesTo(String user) {
        answered.add(user);
    }

    private void receive() {
        byte[] buffer = new byte[65_536];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
            } catch (IOException closed) {
                return;
            }
            long now = System.nanoTime();
            String text = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n");
            Matcher callId = CALL_ID.matcher(text);
            Arrival arrival = new Arrival(now, end < 0 ? text : text.substring(0, end),
                    callId.find() ? callId.group(1) : "", text);
            arrivals.add(arrival);
            if (arrival.method().equals("INVITE") && answered.contains(arrival.user())) {
                answer(arrival, packet);
            }
        }
    }

    private void answer(Arrival invite, DatagramPacket from) {
        StringBuilder ok = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String line : invite.text().split("\r\n")) {
            String name = line.contains(":") ? line.substring(0, line.indexOf(':')).trim().toLowerCase(java.util.Locale.ROOT)
                    : "";
            switch (name) {
                case "via", "v", "from", "f", "call-id", "i", "cseq" -> ok.append(line).append("\r\n");
                case "to", "t" -> ok.append(line).append(";tag=gw-").append(Math.abs(invite.callId().hashCode()))
                        .append("\r\n");
                default -> { }
            }
        }
        ok.append("Contact: <sip:gw@127.0.0.1:").append(socket.getLocalPort()).append(">\r\n")
                .append("Content-Length: 0\r\n\r\n");
        byte[] bytes = ok.toString().getBytes(StandardCharsets.ISO_8859_1);
        try {
            socket.send(new DatagramPacket(bytes, bytes.length, from.getSocketAddress()));
        } catch (IOException e) {
            // closing
        }
    }

    /** Every datagram so far, in arrival order. */
    List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The requests of this method whose Request-URI has this user, in arrival order. */
    List<Arrival> requests(String method, String user) {
        return arrivals.stream().filter(a -> a.method().equals(method) && a.user().equals(user)).toList();
    }

    @Override
    public void close() {
        socket.close();
        try {
            reader.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
