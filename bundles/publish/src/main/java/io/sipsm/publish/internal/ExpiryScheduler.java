package io.sipsm.publish.internal;

import java.time.Duration;

/** Runs publication expiries; the component's executor in production, a hand-driven clock in tests. */
interface ExpiryScheduler extends AutoCloseable {

    /** A scheduled expiry. */
    interface Cancellable {
        /** Cancels the task if it has not run yet, leaving nothing queued. */
        void cancel();
    }

    /** Runs {@code task} once after {@code delay}. */
    Cancellable schedule(Duration delay, Runnable task);

    /** Drops every task not yet run; later schedules are ignored. */
    @Override
    void close();
}
