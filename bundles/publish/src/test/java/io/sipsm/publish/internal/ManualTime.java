package io.sipsm.publish.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.testing.ManualScheduler;

/**
 * A wall clock that moves only when told, running the expiries that fall due as it moves: the host's hand-driven
 * scheduler, read as the instants a publication's state is written in.
 */
final class ManualTime implements PolicyScheduler {

    static final Instant START = Instant.parse("2026-01-01T12:00:00Z");

    private final ManualScheduler scheduler = new ManualScheduler();

    Clock clock() {
        return new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return now();
            }
        };
    }

    Instant now() {
        return START.plus(scheduler.now());
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
        return scheduler.schedule(delay, action);
    }

    /** Moves the clock, running every task due on the way in due order. */
    void advance(Duration duration) {
        scheduler.advance(duration);
    }

    /** Tasks scheduled and neither run nor cancelled. */
    int pending() {
        return scheduler.queued();
    }
}
