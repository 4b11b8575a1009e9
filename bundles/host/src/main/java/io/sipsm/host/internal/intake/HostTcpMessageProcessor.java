package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.ConnectionOrientedMessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.TCPMessageProcessor;
import io.sipsm.host.internal.admission.ConnectionCounts;
import io.sipsm.host.internal.admission.InputLimits;
import io.sipsm.host.internal.admission.LimitSettings;
import io.sipsm.host.internal.sip.NetworkFaults;

/**
 * The stack's TCP listening point, accepting connections as the stack does but as the host's own channels
 * ({@link HostTcpMessageChannel}), within the host's limits ({@link LimitSettings}): a connection over the
 * limit in total or from its source is closed as soon as it is accepted, before it costs a thread, and one
 * that carried nothing for the idle timeout is closed. Each connection the stack runs costs two threads (its
 * reader and its parser), so these limits are what bounds the threads of the host.
 */
final class HostTcpMessageProcessor extends TCPMessageProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(HostTcpMessageProcessor.class);

    /** How often idle connections are looked for: a fraction of the shortest timeout worth having. */
    private static final long SWEEP_MILLIS = 500;

    private final InputLimits limits = InputLimits.INSTANCE;
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sipsm-tcp-idle");
        thread.setDaemon(true);
        return thread;
    });
    /**
     * The connections holding a place in the limits, until their end gives it back; by identity (the stack's
     * channels compare by socket, and a closed one has none), under this processor's lock.
     */
    private final Set<HostTcpMessageChannel> placed = Collections.newSetFromMap(new IdentityHashMap<>());
    private int accepted;

    HostTcpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) {
        super(address, stack, port);
    }

    @Override
    public void start() throws IOException {
        super.start();
        sweeper.scheduleWithFixedDelay(this::closeIdle, SWEEP_MILLIS, SWEEP_MILLIS, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        sweeper.shutdownNow();
        super.stop();
    }

    /** The stack's accept loop, with the host's limits and channel class. */
    @Override
    public void run() {
        while (isRunning) {
            try {
                Socket socket = sock.accept();
                if (admit(socket)) {
                    open(socket);
                }
            } catch (SocketException e) {
                isRunning = false;
            } catch (IOException e) {
                LOG.debug("TCP connection not accepted: {}", e.toString());
            }
        }
    }

    /**
     * Gives an admitted connection its channel. Under this processor's lock, which {@link #remove} takes too: a
     * connection that ends at once is filed and marked as holding a place before its end is seen.
     */
    private synchronized void open(Socket socket) {
        String source = socket.getInetAddress().getHostAddress();
        try {
            HostTcpMessageChannel channel = new HostTcpMessageChannel(socket, sipStack, this,
                    "TCPMessageChannelThread-" + ++accepted);
            placed.add(channel);
            incomingMessageChannels.put(channel.getKey(), channel);
        } catch (IOException | RuntimeException e) {
            limits.connections().close(source);
            LOG.debug("TCP connection from {} not opened: {}", source, e.toString());
            try {
                socket.close();
            } catch (IOException closing) {
                // Gone already.
            }
        }
    }

    /** Takes a place for the connection, or closes it at once (a reset: nothing of it is kept) and counts it. */
    private boolean admit(Socket socket) throws IOException {
        LimitSettings settings = limits.settings();
        String source = socket.getInetAddress().getHostAddress();
        ConnectionCounts.Admission admission = limits.connections().open(source, settings.tcpConnections(),
                settings.tcpConnectionsPerSource());
        if (admission == ConnectionCounts.Admission.OPEN) {
            return true;
        }
        socket.setSoLinger(true, 0);
        socket.close();
        NetworkFaults.INSTANCE.record(NetworkFaults.Kind.TCP_CONNECTIONS,
                NetworkFaults.source(source, socket.getPort()),
                admission == ConnectionCounts.Admission.TOTAL_LIMIT
                        ? "more than " + settings.tcpConnections() + " TCP connections"
                        : "more than " + settings.tcpConnectionsPerSource() + " TCP connections from one source");
        return false;
    }

    /** Every connection's end comes here (its reader thread's last act): its place is given back once. */
    @Override
    protected synchronized void remove(ConnectionOrientedMessageChannel channel) {
        super.remove(channel);
        if (channel instanceof HostTcpMessageChannel connection && placed.remove(connection)) {
            limits.connections().close(connection.source());
        }
    }

    private void closeIdle() {
        long idleNanos = TimeUnit.SECONDS.toNanos(limits.settings().tcpIdleSeconds());
        long now = System.nanoTime();
        for (ConnectionOrientedMessageChannel channel : incomingMessageChannels.values()) {
            if (!(channel instanceof HostTcpMessageChannel connection)) {
                continue;
            }
            if (connection.idleFor(idleNanos, now) && connection.timeOut()) {
                NetworkFaults.INSTANCE.record(NetworkFaults.Kind.TCP_IDLE,
                        NetworkFaults.source(connection.getPeerAddress(), connection.getPeerPort()),
                        "no SIP message for " + limits.settings().tcpIdleSeconds() + " s");
                try {
                    connection.close();
                } catch (RuntimeException e) {
                    LOG.debug("Idle TCP connection from {} not closed cleanly: {}", connection.source(), e.toString());
                }
            }
        }
    }
}
