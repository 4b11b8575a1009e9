package io.sipsm.host.internal;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.lang.reflect.Field;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;

import org.mobicents.ext.javax.sip.SipStackExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.DatagramQueuedMessageDispatch;
import gov.nist.javax.sip.stack.MessageProcessor;
import gov.nist.javax.sip.stack.UDPMessageProcessor;

/**
 * What the running stack shows of its load, read cheaply enough to be asked for every initial request.
 *
 * <p>The queue delay is the signal that moves first: with the reentrant listener the stack's threads take
 * received datagrams from one queue per UDP listening point and carry each through the container, so the age
 * of the oldest datagram still waiting is how far the host lags behind. Past about 500 ms the peers'
 * retransmissions (T1) add load of their own, which is the collapse measured at 1,500 calls/s. The table
 * sizes and the heap bound the memory a burst can take.
 */
class OverloadGauges {

    private static final Logger LOG = LoggerFactory.getLogger(OverloadGauges.class);
    private static final long HEAP_SAMPLE_NANOS = 500_000_000L;

    private static final Field MESSAGE_QUEUE = messageQueueField();

    private final SipStackExtension stack;
    private final Map<MessageProcessor, Queue<?>> datagramQueues = new ConcurrentHashMap<>();
    private final List<MemoryPoolMXBean> heapPools;
    private volatile long heapSampledAt = System.nanoTime() - HEAP_SAMPLE_NANOS;
    private volatile int heapPercent;

    OverloadGauges(SipStackExtension stack) {
        this.stack = stack;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    /**
     * Learns the receive queue of the listening point a request came through: the stack creates its listening
     * points after the valves, so they cannot be looked up at start.
     */
    void watch(MessageProcessor processor) {
        if (MESSAGE_QUEUE != null && processor instanceof UDPMessageProcessor udp
                && !datagramQueues.containsKey(processor)) {
            try {
                if (MESSAGE_QUEUE.get(udp) instanceof Queue<?> queue) {
                    datagramQueues.put(processor, queue);
                }
            } catch (IllegalAccessException e) {
                LOG.warn("The receive queue of {} cannot be read", processor, e);
            }
        }
    }

    /** Age in milliseconds of the oldest received datagram no stack thread has taken yet; 0 for none. */
    long queueDelayMillis() {
        long oldest = Long.MAX_VALUE;
        for (Queue<?> queue : datagramQueues.values()) {
            if (queue.peek() instanceof DatagramQueuedMessageDispatch waiting) {
                oldest = Math.min(oldest, waiting.getReceptionTime());
            }
        }
        return oldest == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldest);
    }

    long serverTransactions() {
        return stack.getNumberOfServerTransactions();
    }

    long dialogs() {
        return stack.getNumberOfDialogs();
    }

    /**
     * Heap in use after the last collection, percent of the maximum: what live calls hold, not garbage.
     * Sampled at most twice a second since the management beans allocate.
     */
    int heapPercentAfterGc() {
        long now = System.nanoTime();
        if (now - heapSampledAt >= HEAP_SAMPLE_NANOS) {
            heapSampledAt = now;
            long used = 0;
            for (MemoryPoolMXBean pool : heapPools) {
                MemoryUsage afterGc = pool.getCollectionUsage();
                used += afterGc == null ? 0 : afterGc.getUsed();
            }
            long max = Runtime.getRuntime().maxMemory();
            heapPercent = max <= 0 || max == Long.MAX_VALUE ? 0 : (int) (used * 100 / max);
        }
        return heapPercent;
    }

    /**
     * The stack keeps its receive queue in a protected field and offers no accessor; without it (another
     * stack version) the queue delay reads 0 and the other gauges still apply.
     */
    private static Field messageQueueField() {
        try {
            Field field = UDPMessageProcessor.class.getDeclaredField("messageQueue");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("The SIP stack's receive queue cannot be read; admission control goes without the queue delay", e);
            return null;
        }
    }
}
