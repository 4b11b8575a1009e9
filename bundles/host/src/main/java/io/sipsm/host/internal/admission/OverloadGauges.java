package io.sipsm.host.internal.admission;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import io.sipsm.host.internal.queue.CallOrderedQueue;

/**
 * What the running stack shows of its load, read cheaply enough to be asked for every initial request.
 *
 * <p>The queue delay is the signal that moves first: with the reentrant listener the stack's threads take
 * received datagrams from one queue per UDP listening point and carry each through the container, so the age
 * of the oldest datagram still waiting is how far the host lags behind. Past about 500 ms the peers'
 * retransmissions (T1) add load of their own, which is the collapse measured at 1,500 calls/s. The table
 * sizes and the heap bound the memory a burst can take.
 */
public class OverloadGauges {

    /** A receive path whose backlog is measured: a UDP listening point's queue for the stack's threads. */
    public interface ReceivePath {

        /** Age in milliseconds of the oldest received datagram no stack thread has taken yet; 0 for none. */
        long queueDelayMillis();

        /** The queue the stack's threads take received datagrams from, with its counters. */
        CallOrderedQueue<?> receiveQueue();
    }

    private static final long HEAP_SAMPLE_NANOS = 500_000_000L;

    private final LongSupplier serverTransactions;
    private final LongSupplier dialogs;
    private final Set<ReceivePath> listeningPoints = ConcurrentHashMap.newKeySet();
    private final List<MemoryPoolMXBean> heapPools;
    private volatile long heapSampledAt = System.nanoTime() - HEAP_SAMPLE_NANOS;
    private volatile int heapPercent;

    /** @param serverTransactions the stack's server transactions now; @param dialogs its dialogs now */
    public OverloadGauges(LongSupplier serverTransactions, LongSupplier dialogs) {
        this.serverTransactions = serverTransactions;
        this.dialogs = dialogs;
        this.heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    void watch(ReceivePath listeningPoint) {
        listeningPoints.add(listeningPoint);
    }

    void unwatch(ReceivePath listeningPoint) {
        listeningPoints.remove(listeningPoint);
    }

    /** Age in milliseconds of the oldest received datagram no stack thread has taken yet; 0 for none. */
    long queueDelayMillis() {
        long delay = 0;
        for (ReceivePath listeningPoint : listeningPoints) {
            delay = Math.max(delay, listeningPoint.queueDelayMillis());
        }
        return delay;
    }

    /** Copies of datagrams still waiting in a receive queue (retransmissions), dropped so far. */
    long duplicatesDropped() {
        long dropped = 0;
        for (ReceivePath listeningPoint : listeningPoints) {
            dropped += listeningPoint.receiveQueue().duplicates();
        }
        return dropped;
    }

    /** What the stack's threads did with received datagrams so far, summed over the UDP listening points. */
    ServiceCounters serviceCounters() {
        long queued = 0;
        long handedOut = 0;
        long idleWaits = 0;
        int waiting = 0;
        for (ReceivePath listeningPoint : listeningPoints) {
            CallOrderedQueue<?> queue = listeningPoint.receiveQueue();
            queued += queue.offered();
            handedOut += queue.handedOut();
            idleWaits += queue.idleWaits();
            waiting += queue.waiting();
        }
        return new ServiceCounters(queued, handedOut, idleWaits, waiting);
    }

    /**
     * @param queued datagrams queued for the stack's threads
     * @param handedOut datagrams the stack's threads took
     * @param idleWaits times a stack thread found no datagram to take
     * @param waiting stack threads waiting for a datagram now
     */
    public record ServiceCounters(long queued, long handedOut, long idleWaits, int waiting) {

        /** Datagrams waiting for a stack thread now. */
        long backlog() {
            return queued - handedOut;
        }
    }

    long serverTransactions() {
        return serverTransactions.getAsLong();
    }

    long dialogs() {
        return dialogs.getAsLong();
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
}
