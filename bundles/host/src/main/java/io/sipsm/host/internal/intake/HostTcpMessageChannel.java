package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicBoolean;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import io.sipsm.host.internal.sip.NetworkFaults;

/**
 * A TCP connection a peer opened to the host. The stack knows how to write on it only once a request on it
 * parsed (it learns the transport from its Via and files the socket for reuse); before that it connects to the
 * peer's source port instead, which fails, so a keep-alive (RFC 5626 section 4.4.1: CRLFCRLF, answered CRLF)
 * sent first failed with errors logged. Keep-alives and answers to messages that never parsed
 * ({@link #answer}) go out on the connection itself. It knows when a message last went either way, for the
 * idle timeout, and gives its place in the host's connection limits back once ({@link HostTcpMessageProcessor}).
 */
public final class HostTcpMessageChannel extends TCPMessageChannel {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostTcpMessageChannel.class);

    /**
     * When a message last went either way (CRLF keep-alives included), by {@link System#nanoTime()}. The
     * constructor starts the reader thread before this class's fields are set: what that thread touches must work
     * without an initializer (this one is only made a little later).
     */
    private volatile long lastActivity = System.nanoTime();

    /** Whether the connection was closed for idleness; only the idle sweep, which sees a channel once filed, reads it. */
    private final AtomicBoolean timedOut = new AtomicBoolean();

    HostTcpMessageChannel(Socket socket, SIPTransactionStack stack, TCPMessageProcessor processor, String threadName)
            throws IOException {
        super(socket, stack, processor, threadName);
    }

    /** The peer's address, as {@link ConnectionCounts} knows the connection; set before the reader starts. */
    String source() {
        return getPeerAddress();
    }

    /** Whether nothing went either way for {@code idleNanos} by {@code now}. */
    boolean idleFor(long idleNanos, long now) {
        return now - lastActivity >= idleNanos;
    }

    /** Marks the connection as closed for idleness; true the first time only. */
    boolean timeOut() {
        return timedOut.compareAndSet(false, true);
    }

    @Override
    public void processMessage(SIPMessage message) throws Exception {
        lastActivity = System.nanoTime();
        super.processMessage(message);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public void sendSingleCLRF() throws Exception {
        lastActivity = System.nanoTime();
        try {
            answer(CRLF);
        } catch (IOException e) {
            // The peer is gone: no one to answer.
            LOG.debug("No CRLF for a keep-alive from {}:{}: {}", getPeerAddress(), getPeerPort(), e.toString());
        }
    }

    /**
     * Ends the connection after a message the host could not take: what follows it on the stream (its body, by a
     * Content-Length that may be wrong too) cannot be told from the next message (RFC 3261 section 18.3).
     */
    public void closeAfterFault() {
        close();
    }

    /**
     * Responses go back on this connection (RFC 3261 section 18.2.2). The stack looks the connection up in its
     * table by the peer's address and port instead, where a connection closed earlier from the same port (a peer
     * reconnecting, or a restart of the container, which keeps the table) may still be filed: the answer then
     * failed with "Socket is closed" and errors in the log.
     *
     * <p>A peer may close its connection before the answer is written (one that sends a request, reads nothing
     * and hangs up; the host's own idle timeout). The stack would then connect to the port the connection came
     * from, where nothing listens, log errors, and fail the application's {@code send()}, which the container
     * turned into more errors and a 500 it could not send either. The answer is lost as a datagram would be, and
     * counted: the transaction goes on by its timers.
     */
    @Override
    protected synchronized void sendMessage(byte[] message, boolean isClient) throws IOException {
        lastActivity = System.nanoTime();
        if (isClient) {
            super.sendMessage(message, isClient);
            return;
        }
        try {
            answer(message);
        } catch (IOException closed) {
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.TCP_CLOSED,
                    NetworkFaults.source(getPeerAddress(), getPeerPort()), "TCP connection closed before its answer");
            LOG.debug("Answer on a closed connection from {}:{} dropped: {}", getPeerAddress(), getPeerPort(),
                    closed.toString());
        }
    }

    /** Writes the bytes on this connection as they are. */
    public void answer(byte[] bytes) throws IOException {
        Socket socket = mySock;
        if (socket == null || socket.isClosed()) {
            throw new IOException("connection closed");
        }
        synchronized (this) {
            // One stream for both calls: the peer may close in between, and a second getOutputStream() then fails
            // for an answer already written.
            OutputStream out = socket.getOutputStream();
            out.write(bytes);
            out.flush();
        }
    }
}
