package io.sipsm.host.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sipsm.host.PolicyScheduler;

/**
 * The host's policy scheduler on a hand-driven clock: tasks run, in time order (ties in the order they were
 * scheduled), when the test moves the clock past them. Not thread-safe: a unit test drives it from one thread.
 */
public final class ManualScheduler implements PolicyScheduler {

    /** Where the clock starts, as {@link System#nanoTime()} would give it: not 0, which code may take for unset. */
    private static final long START_NANOS = 1_000_000_000L;

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
    private long nowNanos = START_NANOS;
    private long scheduled;

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Task t = new Task(nowNanos + delay.toNanos(), task, scheduled++);
        tasks.add(t);
        return t;
    }

    /** Moves the clock on, running every task that falls due, in time order. */
    public void advance(Duration by) {
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

    public void advanceSeconds(double seconds) {
        advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    /** The time since the scheduler was made. */
    public Duration now() {
        return Duration.ofNanos(nowNanos - START_NANOS);
    }

    /** The clock as {@link System#nanoTime()} would give it. */
    public long nanoTime() {
        return nowNanos;
    }

    /** Tasks still queued: a cancelled task must not stay. */
    public int queued() {
        return tasks.size();
    }
}
