package io.sipsm.publish.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import io.sipsm.host.PolicyScheduler;

/** A clock that moves only when told, running the expiries that fall due as it moves. */
final class ManualTime implements PolicyScheduler {

    static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    private record Task(Instant due, long order, Runnable action) {
    }

    private final List<Task> tasks = new ArrayList<>();
    private Instant now = START;
    private long scheduled;

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now;
            }
        };
    }

    Instant now() {
        return now;
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
        Task task = new Task(now.plus(delay), scheduled++, action);
        tasks.add(task);
        return () -> tasks.remove(task);
    }

    /** Moves the clock, running every task due on the way in due order. */
    void advance(Duration duration) {
        Instant target = now.plus(duration);
        while (true) {
            Task next = tasks.stream().filter(t -> !t.due().isAfter(target))
                    .min(Comparator.comparing(Task::due).thenComparingLong(Task::order)).orElse(null);
            if (next == null) {
                break;
            }
            tasks.remove(next);
            now = next.due();
            next.action().run();
        }
        now = target;
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pending() {
        return tasks.size();
    }
}
