package io.sipsm.host.internal.container;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.sipsm.host.ResendSchedule;

/**
 * One client transaction's retransmissions on the operator's resend list, in place of the stack's Timers A/E
 * (which tick in whole T1s and double) and B/F (64·T1). Each copy is due at its offset from the first send, not
 * from the copy before, so a late run of the timer thread does not push the later ones back; the transaction
 * times out at the schedule's end. Only the next task is ever scheduled, and it is removed when the transaction
 * is answered.
 */
final class ListedRetransmissions {

    /** What the transaction does when a task comes due. */
    interface Transaction {
        /** Sends the request again, if the transaction still waits for an answer. */
        void retransmit();

        /** Gives the request up as the stack's Timer B/F would, if it still waits for an answer. */
        void timeOut();
    }

    private final ResendSchedule schedule;
    private final Transaction transaction;
    private final ScheduledExecutorService timers;
    private final LongSupplier nanoTime;

    private long startNanos;
    private int sent;
    private boolean stopped;
    private ScheduledFuture<?> next;

    ListedRetransmissions(ResendSchedule schedule, Transaction transaction, ScheduledExecutorService timers,
            LongSupplier nanoTime) {
        this.schedule = schedule;
        this.transaction = transaction;
        this.timers = timers;
        this.nanoTime = nanoTime;
    }

    ResendSchedule schedule() {
        return schedule;
    }

    /** The first copy has just left. */
    synchronized void start() {
        startNanos = nanoTime.getAsLong();
        scheduleNext();
    }

    /** The transaction got its answer or ended: nothing more is sent. */
    synchronized void stop() {
        stopped = true;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
    }

    synchronized boolean isStopped() {
        return stopped;
    }

    /** Retransmissions sent so far. */
    synchronized int sent() {
        return sent;
    }

    private void scheduleNext() {
        if (stopped) {
            return;
        }
        long dueNanos = (sent < schedule.retransmissions() ? schedule.due(sent + 1) : schedule.timeout()).toNanos();
        long delay = Math.max(0, startNanos + dueNanos - nanoTime.getAsLong());
        try {
            next = timers.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // The container is stopping; the transaction goes with it.
            stopped = true;
        }
    }

    private void fire() {
        boolean timeout;
        synchronized (this) {
            if (stopped) {
                return;
            }
            timeout = sent >= schedule.retransmissions();
            if (timeout) {
                stopped = true;
            } else {
                sent++;
            }
        }
        if (timeout) {
            transaction.timeOut();
            return;
        }
        try {
            transaction.retransmit();
        } finally {
            // Whatever the send did, the next copy or the timeout stays due: the transaction must end.
            synchronized (this) {
                scheduleNext();
            }
        }
    }
}
