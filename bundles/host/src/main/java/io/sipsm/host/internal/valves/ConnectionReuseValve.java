package io.sipsm.host.internal.valves;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.Socket;

import javax.sip.SipStack;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.ConnectionOrientedMessageProcessor;
import gov.nist.javax.sip.stack.IOHandler;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageChannel;
import gov.nist.javax.sip.stack.TLSMessageChannel;

/**
 * Keeps a connection a peer opened to the host for its responses usable for the host's requests to that peer.
 * linphone over TCP answers an INVITE on a new connection of its own and names that connection's local port
 * in its Contact, where nothing listens. The stack files a connection a peer opened only when a request comes
 * on it; the ACK, refreshes and BYE to that Contact then try to connect and fail ("Problem connecting"). The
 * connection does reach exactly that address and port, and RFC 3261 section 18 lets a connection carry
 * requests either way, so this valve files it the way the stack files one that brought a request. Named to
 * the stack, with the other valves, by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public class ConnectionReuseValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionReuseValve.class);

    /** The stack's members that file a connection, protected in this stack version; null when absent. */
    private static final Internals INTERNALS = Internals.find();

    private volatile SIPTransactionStack stack;

    @Override
    public void init(SipStack sipStack) {
        if (sipStack instanceof SIPTransactionStack transactions) {
            stack = transactions;
        }
        if (INTERNALS == null) {
            LOG.warn("This SIP stack cannot reuse a connection a peer opened for its responses: requests to such "
                    + "a peer's Contact open a new connection");
        }
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        SIPTransactionStack transactions = stack;
        if (INTERNALS != null && transactions != null
                && (channel instanceof TCPMessageChannel || channel instanceof TLSMessageChannel)) {
            INTERNALS.file((ConnectionOrientedMessageChannel) channel, transactions);
        }
        return true;
    }

    @Override
    public void destroy() {
    }

    /** True when this stack version has the members the valve needs. */
    static boolean available() {
        return INTERNALS != null;
    }

    /** Reflective access to what the stack itself calls when a request arrives on a connection. */
    private record Internals(Field socket, Field cached, Field protocol, Field ioHandler, Method makeKey,
            Method getSocket, Method putSocket, Method cacheChannel) {

        static Internals find() {
            try {
                return new Internals(accessible(ConnectionOrientedMessageChannel.class.getDeclaredField("mySock")),
                        accessible(ConnectionOrientedMessageChannel.class.getDeclaredField("isCached")),
                        accessible(ConnectionOrientedMessageChannel.class.getDeclaredField("peerProtocol")),
                        accessible(SIPTransactionStack.class.getDeclaredField("ioHandler")),
                        accessible(IOHandler.class.getDeclaredMethod("makeKey", java.net.InetAddress.class,
                                int.class)),
                        accessible(IOHandler.class.getDeclaredMethod("getSocket", String.class)),
                        accessible(IOHandler.class.getDeclaredMethod("putSocket", String.class, Socket.class)),
                        accessible(ConnectionOrientedMessageProcessor.class.getDeclaredMethod("cacheMessageChannel",
                                ConnectionOrientedMessageChannel.class)));
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Connection filing unavailable: {}", e.toString());
                return null;
            }
        }

        private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
            member.setAccessible(true);
            return member;
        }

        /**
         * Files the channel's connection under the peer's address and port unless a connection is filed there
         * already: the host's own outgoing connections, and those that brought a request, are.
         */
        void file(ConnectionOrientedMessageChannel channel, SIPTransactionStack transactions) {
            try {
                Socket connection = (Socket) socket.get(channel);
                if (connection == null || connection.isClosed()
                        || !(channel.getMessageProcessor() instanceof ConnectionOrientedMessageProcessor processor)) {
                    return;
                }
                Object io = ioHandler.get(transactions);
                String key = (String) makeKey.invoke(null, connection.getInetAddress(), connection.getPort());
                if (getSocket.invoke(io, key) != null) {
                    LOG.trace("Connection from {} already kept", key);
                    return;
                }
                synchronized (channel) {
                    // Set from the Via of the first request on a connection; sending needs it.
                    if (protocol.get(channel) == null) {
                        protocol.set(channel, channel.getTransport().toUpperCase(java.util.Locale.ROOT));
                    }
                    if (!cached.getBoolean(channel)) {
                        cacheChannel.invoke(processor, channel);
                        cached.setBoolean(channel, true);
                    }
                }
                putSocket.invoke(io, key, connection);
                LOG.debug("Connection from {} kept for requests to it", key);
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("Connection of {} not kept: {}", channel.getPeerAddress(), e.toString());
            }
        }
    }
}
