package io.sipsm.publish.internal;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The component's one expiry thread. Cancelled tasks leave the queue at once (remove-on-cancel): a refresh
 * cancels the previous expiry, and a queue that kept them would grow with every refresh of every gateway.
 */
final class ExecutorExpiryScheduler implements ExpiryScheduler {

    static final String THREAD_NAME = "sipsm-publish-expiry";

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorExpiryScheduler.class);

    private final ScheduledThreadPoolExecutor executor;

    ExecutorExpiryScheduler() {
        executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, THREAD_NAME);
            thread.setDaemon(true);
            return thread;
        }, (task, pool) -> LOG.debug("Expiry not scheduled: the PUBLISH component is stopping"));
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.error("Publication expiry failed", e);
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
        return () -> future.cancel(false);
    }

    /** Tasks still queued, for tests and leak checks. */
    int queued() {
        return executor.getQueue().size();
    }

    /** True once {@link #close()} stopped the thread. */
    boolean isTerminated() {
        return executor.isTerminated();
    }

    /** Stops the thread and drops every queued expiry. */
    @Override
    public void close() {
        executor.shutdownNow();
    }
}
