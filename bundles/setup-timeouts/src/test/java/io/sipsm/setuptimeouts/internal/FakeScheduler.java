package io.sipsm.setuptimeouts.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sipsm.host.PolicyScheduler;

/** A scheduler on a hand-driven clock: tasks run when the test advances time past them. */
final class FakeScheduler implements PolicyScheduler {

    private final class Task implements Scheduled {
        final long dueNanos;
        final Runnable work;
        final long order;

        Task(long dueNanos, Runnable work, long order) {
            this.dueNanos = dueNanos;
            this.work = work;
            this.order = order;
        }

        @Override
        public void cancel() {
            tasks.remove(this);
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private long nowNanos = 1_000_000_000L;
    private long scheduled;

    long nanoTime() {
        return nowNanos;
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Task t = new Task(nowNanos + delay.toNanos(), task, scheduled++);
        tasks.add(t);
        return t;
    }

    /** Moves the clock on, running every task that falls due, in time order. */
    void advance(Duration by) {
        long until = nowNanos + by.toNanos();
        while (true) {
            Task next = tasks.stream().filter(t -> t.dueNanos <= until)
                    .min(Comparator.<Task>comparingLong(t -> t.dueNanos).thenComparingLong(t -> t.order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            nowNanos = Math.max(nowNanos, next.dueNanos);
            next.work.run();
        }
        nowNanos = until;
    }

    /** Tasks still queued: a cancelled task must not stay. */
    int queued() {
        return tasks.size();
    }
}
