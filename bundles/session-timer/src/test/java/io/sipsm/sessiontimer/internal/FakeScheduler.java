package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sipsm.host.PolicyScheduler;

/** A scheduler on virtual time: tasks run when the test advances the clock past them. */
final class FakeScheduler implements PolicyScheduler {

    final class Task implements Scheduled {
        final Duration due;
        final Runnable runnable;
        boolean cancelled;

        Task(Duration due, Runnable runnable) {
            this.due = due;
            this.runnable = runnable;
        }

        @Override
        public void cancel() {
            cancelled = true;
            tasks.remove(this);
        }
    }

    private final List<Task> tasks = new ArrayList<>();
    private Duration now = Duration.ZERO;

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        Task t = new Task(now.plus(delay), task);
        tasks.add(t);
        return t;
    }

    /** Runs, in order, every task due up to now + the step. */
    void advance(Duration step) {
        Duration until = now.plus(step);
        while (true) {
            Task next = tasks.stream().filter(t -> t.due.compareTo(until) <= 0)
                    .min(Comparator.comparing(t -> t.due)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = next.due;
            next.runnable.run();
        }
        now = until;
    }

    void advanceSeconds(double seconds) {
        advance(Duration.ofMillis(Math.round(seconds * 1000)));
    }

    Duration now() {
        return now;
    }

    /** The virtual clock as {@link System#nanoTime()} would give it. */
    long nanos() {
        return now.toNanos();
    }

    /** Tasks still queued (cancelled ones leave the queue). */
    int queued() {
        return tasks.size();
    }
}
