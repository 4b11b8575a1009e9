package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;

/**
 * The stack's TCP listening point, accepting connections as the stack does but as the host's own channels
 * ({@link HostTcpMessageChannel}).
 */
final class HostTcpMessageProcessor extends TCPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(HostTcpMessageProcessor.class);

    /** The stack's limit of connections (stack property {@code gov.nist.javax.sip.MAX_CONNECTIONS}), not public. */
    private static final Field MAX_CONNECTIONS = maxConnectionsField();

    HostTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
    }

    /** The stack's accept loop, with the host's channel class. */
    @Override
    public void run() {
        while (isRunning) {
            try {
                synchronized (this) {
                    int max = maxConnections();
                    while (max != -1 && nConnections >= max) {
                        wait();
                        if (!isRunning) {
                            return;
                        }
                        max = maxConnections();
                    }
                    nConnections++;
                }
                Socket socket = sock.accept();
                HostTcpMessageChannel channel = new HostTcpMessageChannel(socket, sipStack, this,
                        "TCPMessageChannelThread-" + nConnections);
                incomingMessageChannels.put(channel.getKey(), channel);
            } catch (SocketException e) {
                isRunning = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.debug("TCP connection not accepted: {}", e.toString());
            }
        }
    }

    private int maxConnections() {
        try {
            return MAX_CONNECTIONS.getInt(sipStack);
        } catch (IllegalAccessException e) {
            return -1;
        }
    }

    private static Field maxConnectionsField() {
        try {
            Field field = SIPTransactionStack.class.getDeclaredField("maxConnections");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("This SIP stack has no connection limit the host can read", e);
        }
    }
}
