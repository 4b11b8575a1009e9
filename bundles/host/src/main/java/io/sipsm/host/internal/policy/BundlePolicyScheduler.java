package io.sipsm.host.internal.policy;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.sipsm.host.PolicyScheduler;

/**
 * One policy bundle's share of the host's {@link PolicyTimers}: its tasks are cancelled when the bundle lets
 * go of the service (it stops, for an update, a restart or an uninstall), so no code of a revision that is
 * gone runs from a timer. The new revision arms its timers again from its {@link io.sipsm.host.PolicyState}.
 */
public final class BundlePolicyScheduler implements PolicyScheduler {

    private final PolicyTimers timers;
    private final Set<Task> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public BundlePolicyScheduler(PolicyTimers timers) {
        this.timers = timers;
    }

    private final class Task implements Scheduled, Runnable {

        private final Runnable body;
        private volatile Scheduled inner;
        private volatile boolean cancelled;

        Task(Runnable body) {
            this.body = body;
        }

        @Override
        public void run() {
            pending.remove(this);
            if (!cancelled && !closed) {
                body.run();
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            pending.remove(this);
            Scheduled armed = inner;
            if (armed != null) {
                armed.cancel();
            }
        }
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable body) {
        Task task = new Task(body);
        if (closed) {
            task.cancelled = true;
            return task;
        }
        pending.add(task);
        task.inner = timers.schedule(delay, task);
        if (closed || task.cancelled) {
            task.cancel();
        }
        return task;
    }

    /** Tasks armed and not yet run or cancelled. */
    public int pending() {
        return pending.size();
    }

    /** Cancels every task of the bundle; later ones are refused quietly. */
    public void close() {
        closed = true;
        pending.forEach(Task::cancel);
        pending.clear();
    }
}
