package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
import java.util.LinkedList;
import java.util.List;

import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.UDPMessageChannel;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

import io.sipsm.host.internal.admission.OverloadControl;
import io.sipsm.host.internal.admission.OverloadGauges;
import io.sipsm.host.internal.admission.OverloadSettings;
import io.sipsm.host.internal.queue.CallOrderedQueue;
import io.sipsm.host.internal.queue.DatagramRequest;
import io.sipsm.host.internal.queue.GatedQueue;
import io.sipsm.host.internal.refusals.RefusalReports;

/**
 * The stack's UDP listening point with admission control on its receive path: an initial INVITE the host
 * refuses is answered {@code 503} with {@code Retry-After} by the thread that read it from the socket, and
 * never queued for the stack's threads.
 *
 * <p>Why here and not only in {@link OverloadValve}: the valve runs on a stack thread, after the datagram has
 * waited in the receive queue behind the work of the calls already accepted and been parsed in full. At
 * twice the capacity that wait passed T1 within a second, the callers retransmitted every INVITE still
 * waiting, and the refusals could no longer catch up. Here a refusal costs a scan of the raw headers and one
 * send, and the queue holds only the work of accepted calls, so the queue delay the decision reads is the
 * delay an admitted call will meet. The valve still decides what this path leaves to the stack: requests over
 * TCP, other initial methods, keep-alives, and anything {@link DatagramRequest} cannot read with certainty.
 * Both share their decisions ({@link OverloadControl#admit}), so a retransmission meets the same answer.
 */
public final class AdmittingUdpMessageProcessor extends UDPMessageProcessor implements OverloadGauges.ReceivePath {

    private static final Logger LOG = LoggerFactory.getLogger(AdmittingUdpMessageProcessor.class);
    private static final long READ_FAILURE_LOG_NANOS = 60_000_000_000L;
    private static final String REFUSAL_TAG_PARAMETER = "tag=" + OverloadValve.REFUSAL_TAG;

    private final OverloadControl control = OverloadControl.INSTANCE;
    private final CallOrderedQueue<DatagramQueuedMessageDispatch> received;
    private final SocketBacklog socketBacklog;

    AdmittingUdpMessageProcessor(InetAddress address, SIPTransactionStack stack, int port) throws IOException {
        super(address, stack, port);
        // Before start(): the reader and the stack's threads only ever see these queues.
        received = new CallOrderedQueue<>(AdmittingUdpMessageProcessor::callOf,
                AdmittingUdpMessageProcessor::sameDatagram);
        messageQueue = new GatedQueue<>(received, this::queues);
        socketBacklog = SocketBacklog.ofPort(sock.getLocalPort());
        control.watch(this);
    }

    /**
     * The reader thread. The stack's own allocates a buffer of the largest datagram (64 KB) for each datagram it
     * reads: at twice the capacity some 450 MB a second to clear and collect, on the one thread every message
     * waits for, while the kernel's buffer filled ahead of it. This one reads every datagram into the same buffer;
     * each that goes on to the stack's threads gets its own copy of its bytes first ({@link #queues}), and one
     * dealt with here is done with before the next read.
     */
    @Override
    public void run() {
        int threads = stackThreads();
        if (threads <= 0) {
            super.run(); // no pool: the stack's reader hands each datagram to a thread of its own
            return;
        }
        messageChannels = new LinkedList<>();
        String name = ((SipStackImpl) sipStack).getStackName() + "-UDPMessageChannelThread-";
        for (int i = 0; i < threads; i++) {
            // Each channel starts its thread, which takes datagrams from the receive queue.
            messageChannels.add(new UDPMessageChannel(sipStack, this, name + i) { });
        }
        byte[] buffer = new byte[SipStackImpl.MAX_DATAGRAM_SIZE];
        long nextFailureLine = System.nanoTime();
        while (isRunning) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                sock.receive(packet);
            } catch (SocketTimeoutException e) {
                continue;
            } catch (IOException | RuntimeException e) {
                if (!isRunning) {
                    return;
                }
                if (System.nanoTime() - nextFailureLine >= 0) {
                    nextFailureLine = System.nanoTime() + READ_FAILURE_LOG_NANOS;
                    LOG.warn("Reading from UDP port {} failed (at most one line a minute): {}", getPort(), e.toString());
                }
                continue;
            }
            messageQueue.offer(new DatagramQueuedMessageDispatch(packet, System.currentTimeMillis()));
        }
    }

    /** The stack's thread pool size, which it keeps in a field with no accessor; 0 when unreadable. */
    private int stackThreads() {
        try {
            Field size = SIPTransactionStack.class.getDeclaredField("threadPoolSize");
            size.setAccessible(true);
            return size.getInt(sipStack);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("Stack thread pool size unreadable; the stack's own reader runs", e);
            return 0;
        }
    }

    @Override
    public void stop() {
        control.unwatch(this);
        super.stop();
    }

    /** The queue the stack's threads take received datagrams from, with its counters. */
    @Override
    public CallOrderedQueue<DatagramQueuedMessageDispatch> receiveQueue() {
        return received;
    }

    /**
     * How long received datagrams have waited, in milliseconds: the age of the oldest one in the queue no stack
     * thread has taken yet, or, when longer, how long they have been piling up in the socket's buffer ahead of
     * the reader (see {@link SocketBacklog}); 0 for none.
     */
    @Override
    public long queueDelayMillis() {
        DatagramQueuedMessageDispatch oldest = received.peek();
        long queued = oldest == null ? 0 : Math.max(0, System.currentTimeMillis() - oldest.getReceptionTime());
        return Math.max(queued, socketBacklog.millis());
    }

    private static Object callOf(DatagramQueuedMessageDispatch dispatch) {
        DatagramPacket packet = dispatch.packet;
        return DatagramRequest.callId(packet.getData(), packet.getOffset(), packet.getLength());
    }

    /** A retransmission: the same bytes from the same peer (compared once both hold only their own bytes). */
    static boolean sameDatagram(DatagramQueuedMessageDispatch a, DatagramQueuedMessageDispatch b) {
        DatagramPacket p = a.packet;
        DatagramPacket q = b.packet;
        return p.getPort() == q.getPort() && p.getLength() == q.getLength() && p.getAddress().equals(q.getAddress())
                && Arrays.equals(p.getData(), p.getOffset(), p.getOffset() + p.getLength(), q.getData(),
                        q.getOffset(), q.getOffset() + q.getLength());
    }

    /**
     * On the reader thread: whether the datagram goes on to the stack's threads; false when it was dealt with
     * here. One that goes on gets its own copy of its bytes: the reader reads every datagram into one buffer of
     * the largest size (64 KB, see {@link #run}).
     */
    private boolean queues(DatagramQueuedMessageDispatch dispatch) {
        DatagramPacket packet = dispatch.packet;
        if (!passes(packet)) {
            return false;
        }
        int start = packet.getOffset();
        packet.setData(Arrays.copyOfRange(packet.getData(), start, start + packet.getLength()));
        return true;
    }

    private boolean passes(DatagramPacket packet) {
        OverloadSettings settings = control.settings();
        byte[] data = packet.getData();
        if (!settings.enabled() || !DatagramRequest.mayBeRead(data, packet.getOffset(), packet.getLength())) {
            return true;
        }
        if (DatagramRequest.isAck(data, packet.getOffset(), packet.getLength())) {
            // The ACK of a refusal: no transaction exists for it anywhere. Found by its tag in the raw bytes, as
            // many as the INVITEs refused, without reading the message; any other ACK goes on unread (the
            // valve drops one this misses, a TAG= in capitals, after the stack's parse).
            return !DatagramRequest.contains(data, packet.getOffset(), packet.getLength(), REFUSAL_TAG_PARAMETER);
        }
        DatagramRequest request = DatagramRequest.read(data, packet.getOffset(), packet.getLength());
        if (request == null) {
            return true;
        }
        if (request.toTag() != null || sipStack.findTransaction(request.transactionId(), true) != null
                || control.admit(request.transactionId())) {
            return true;
        }
        refuse(request, packet, settings);
        return false;
    }

    /** Sends a datagram from the listening point's socket, as the stack sends its responses. */
    public void send(byte[] bytes, InetAddress address, int port) throws IOException {
        sock.send(new DatagramPacket(bytes, bytes.length, address, port));
    }

    private void refuse(DatagramRequest request, DatagramPacket packet, OverloadSettings settings) {
        byte[] response = request.response(Response.SERVICE_UNAVAILABLE, "Service Unavailable",
                OverloadValve.refusalTag(request.callId()), packet.getAddress().getHostAddress(), packet.getPort(),
                List.of("Retry-After: " + settings.retryAfterSeconds()));
        try {
            sock.send(new DatagramPacket(response, response.length, packet.getAddress(),
                    request.responsePort(packet.getPort())));
        } catch (IOException e) {
            LOG.debug("No 503 sent for INVITE {}", request.callId(), e);
        }
        RefusalReports.INSTANCE.refusedForLoad(request.transactionId(), request.callId(), request.from(),
                request.requestUri(), packet.getAddress().getHostAddress(), Response.SERVICE_UNAVAILABLE,
                "Service Unavailable");
    }
}
