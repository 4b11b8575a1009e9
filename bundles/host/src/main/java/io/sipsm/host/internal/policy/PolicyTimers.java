package io.sipsm.host.internal.policy;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.PolicyScheduler;

/**
 * One timer thread for the policies of every call. Cancelled tasks leave the queue at once (a call that ends
 * normally cancels its refresh and expiry timers, so a queue keeping them would grow with the call rate).
 */
public final class PolicyTimers implements PolicyScheduler, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyTimers.class);

    private final ScheduledThreadPoolExecutor executor;

    public PolicyTimers() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "sipsm-policy-timers");
            thread.setDaemon(true);
            return thread;
        }, (task, pool) -> LOG.warn("Policy timer rejected: the host is stopping"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> run(task), Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    /** Tasks queued now, for figures and leak checks. */
    int queued() {
        return executor.getQueue().size();
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.warn("Policy timer task failed", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
