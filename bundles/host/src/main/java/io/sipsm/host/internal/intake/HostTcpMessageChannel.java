package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.net.Socket;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TCPMessageProcessor;

/**
 * A TCP connection a peer opened to the host. The stack knows how to write on it only once a request on it
 * parsed (it learns the transport from its Via and files the socket for reuse); before that it connects to the
 * peer's source port instead, which fails, so a keep-alive (RFC 5626 section 4.4.1: CRLFCRLF, answered CRLF)
 * sent first failed with errors logged. Keep-alives and answers to messages that never parsed
 * ({@link #answer}) go out on the connection itself.
 */
public final class HostTcpMessageChannel extends TCPMessageChannel {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(HostTcpMessageChannel.class);

    HostTcpMessageChannel(Socket socket, SIPTransactionStack stack, TCPMessageProcessor processor, String threadName)
            throws IOException {
        super(socket, stack, processor, threadName);
    }

    private static final byte[] CRLF = {'\r', '\n'};

    @Override
    public void sendSingleCLRF() throws Exception {
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
     * Responses go back on this connection while it is open (RFC 3261 section 18.2.2). The stack looks the
     * connection up in its table by the peer's address and port instead, where a connection closed earlier from
     * the same port (a peer reconnecting, or a restart of the container, which keeps the table) may still be
     * filed: the answer then failed with "Socket is closed" and errors in the log.
     */
    @Override
    protected synchronized void sendMessage(byte[] message, boolean isClient) throws IOException {
        Socket socket = mySock;
        if (!isClient && socket != null && !socket.isClosed()) {
            answer(message);
            return;
        }
        super.sendMessage(message, isClient);
    }

    /** Writes the bytes on this connection as they are. */
    public void answer(byte[] bytes) throws IOException {
        Socket socket = mySock;
        if (socket == null || socket.isClosed()) {
            throw new IOException("connection closed");
        }
        synchronized (this) {
            socket.getOutputStream().write(bytes);
            socket.getOutputStream().flush();
        }
    }
}
