package io.sipsm.host.internal.sip;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The retransmissions of one unanswered request over UDP at the waits of a resend list
 * ({@code SS_SIP_RESEND_INTERVAL}), in place of the stack's RFC 3261 Timers A and E: copy k leaves at the sum
 * of the first k waits after the original, one copy per wait, while the request is unanswered.
 *
 * <p>Due times are counted from the original send, not from the previous copy, so a late copy does not delay
 * the ones after it. Nothing is ever cancelled: when the request is answered the next due copy finds it so
 * and stops (one small task per transaction, at most one wait long; cancelling in a shared scheduler costs
 * more than that).
 */
public final class ListedRetransmissions {

    /** The transaction whose request is retransmitted. */
    public interface Request {
        /** True while a copy is still wanted (INVITE: no response yet; other requests: no final one). */
        boolean unanswered();

        /** Sends the request again as it went first. */
        void resend() throws Exception;
    }

    /** Where the next copy is scheduled (the host's timer thread; a fake in tests). */
    @FunctionalInterface
    public interface Scheduler {
        void schedule(Runnable task, long delayNanos);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ListedRetransmissions.class);

    private final long[] dueNanos;
    private final Request request;
    private final Scheduler scheduler;
    private final LongSupplier nanoTime;
    private int sent;

    private ListedRetransmissions(List<Duration> waits, Request request, Scheduler scheduler, LongSupplier nanoTime,
            long startNanos) {
        this.request = request;
        this.scheduler = scheduler;
        this.nanoTime = nanoTime;
        dueNanos = new long[waits.size()];
        long due = startNanos;
        for (int i = 0; i < dueNanos.length; i++) {
            due += waits.get(i).toNanos();
            dueNanos[i] = due;
        }
    }

    /**
     * Starts the schedule for a request whose original just left.
     *
     * @param waits the waits before each copy, each positive; an empty list sends no copy
     * @throws IllegalArgumentException for a wait that is not positive
     */
    public static ListedRetransmissions start(List<Duration> waits, Request request, Scheduler scheduler,
            LongSupplier nanoTime) {
        return start(waits, request, scheduler, nanoTime, nanoTime.getAsLong());
    }

    /**
     * Starts the schedule for a request whose original left at {@code sentNanos} (on {@code nanoTime}'s clock):
     * the copies are due from then, however long the rest of the original's send took.
     *
     * @param waits the waits before each copy, each positive; an empty list sends no copy
     * @throws IllegalArgumentException for a wait that is not positive
     */
    public static ListedRetransmissions start(List<Duration> waits, Request request, Scheduler scheduler,
            LongSupplier nanoTime, long sentNanos) {
        for (Duration wait : waits) {
            if (wait.isZero() || wait.isNegative()) {
                throw new IllegalArgumentException("retransmission waits must be positive, was " + waits);
            }
        }
        ListedRetransmissions schedule = new ListedRetransmissions(waits, request, scheduler, nanoTime, sentNanos);
        schedule.scheduleNext();
        return schedule;
    }

    /**
     * How long after the original a request with these waits may stay unanswered before it has failed: the
     * last copy gets as long as its own wait to be answered (the wait that would have preceded one more copy).
     */
    public static Duration answerWindow(List<Duration> waits) {
        Duration total = waits.stream().reduce(Duration.ZERO, Duration::plus);
        return waits.isEmpty() ? total : total.plus(waits.get(waits.size() - 1));
    }

    /** Copies sent so far. */
    public synchronized int sent() {
        return sent;
    }

    private synchronized void scheduleNext() {
        if (sent < dueNanos.length) {
            scheduler.schedule(this::due, Math.max(0, dueNanos[sent] - nanoTime.getAsLong()));
        }
    }

    private void due() {
        long started = nanoTime.getAsLong();
        int copy;
        synchronized (this) {
            if (!request.unanswered()) {
                return;
            }
            copy = sent++;
        }
        try {
            request.resend();
            if (LOG.isDebugEnabled()) {
                long done = nanoTime.getAsLong();
                LOG.debug("Retransmission {} woke {} us after its due time, sent in {} us", copy + 1,
                        (started - dueNanos[copy]) / 1000, (done - started) / 1000);
            }
        } catch (Exception e) {
            // The stack reports a transport failure of its own; stop here rather than send into it again.
            LOG.debug("Retransmission {} not sent: {}", sent, e.toString());
            return;
        }
        scheduleNext();
    }
}
