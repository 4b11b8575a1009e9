package io.sipsm.host;

import java.time.Duration;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's one scheduler for policy timers of every call (refreshes, expiries, setup timeouts). JSR 289
 * gives each application a single timer listener, which belongs to the application, so policy timers do not
 * use the container's servlet timers. Tasks run on the scheduler's thread and must be short: act on a call
 * through {@link CallLeg}, which queues the work under the call's session lock.
 *
 * <p>The service is bundle-scoped: when the bundle that scheduled a task stops (an update, a restart, an
 * uninstall), its tasks that have not run are cancelled, so no code of a revision that is gone runs from
 * here. A policy keeps what its timers are for in {@link PolicyState} and arms them again on activation.
 */
@ProviderType
public interface PolicyScheduler {

    /** A scheduled task. */
    interface Scheduled {
        /** Cancels the task if it has not run; cheap, and leaves nothing queued. */
        void cancel();
    }

    /** Runs the task once after the delay. */
    Scheduled schedule(Duration delay, Runnable task);
}
