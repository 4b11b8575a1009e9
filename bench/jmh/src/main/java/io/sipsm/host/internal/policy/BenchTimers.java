package io.sipsm.host.internal.policy;

import io.sipsm.host.PolicyScheduler;

/**
 * The host's own policy scheduler ({@link PolicyTimers}, package-private in the host bundle) for benchmarks run
 * on a plain class path: the figures are those of the class the host runs, not of a copy.
 */
public final class BenchTimers implements PolicyScheduler, AutoCloseable {

    private final PolicyTimers timers = new PolicyTimers();

    @Override
    public Scheduled schedule(java.time.Duration delay, Runnable task) {
        return timers.schedule(delay, task);
    }

    /** Tasks queued now (armed timers). */
    public int queued() {
        return timers.queued();
    }

    @Override
    public void close() {
        timers.close();
    }
}
