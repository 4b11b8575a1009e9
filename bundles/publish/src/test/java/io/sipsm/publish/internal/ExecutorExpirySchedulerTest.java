package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

class ExecutorExpirySchedulerTest {

    @Test
    void runsOnOneNamedDaemonThread() throws Exception {
        try (ExecutorExpiryScheduler scheduler = new ExecutorExpiryScheduler()) {
            AtomicReference<Thread> ran = new AtomicReference<>();
            CountDownLatch done = new CountDownLatch(1);
            scheduler.schedule(Duration.ofMillis(10), () -> {
                ran.set(Thread.currentThread());
                done.countDown();
            });
            assertTrue(done.await(5, TimeUnit.SECONDS));
            assertEquals(ExecutorExpiryScheduler.THREAD_NAME, ran.get().getName());
            assertTrue(ran.get().isDaemon());
        }
    }

    @Test
    void cancelledExpiriesLeaveTheQueue() {
        try (ExecutorExpiryScheduler scheduler = new ExecutorExpiryScheduler()) {
            for (int i = 0; i < 1000; i++) {
                scheduler.schedule(Duration.ofHours(1), () -> { }).cancel();
            }
            scheduler.schedule(Duration.ofHours(1), () -> { });
            assertEquals(1, scheduler.queued());
        }
    }

    @Test
    void aFailingTaskDoesNotStopLaterOnes() throws Exception {
        try (ExecutorExpiryScheduler scheduler = new ExecutorExpiryScheduler()) {
            CountDownLatch done = new CountDownLatch(1);
            scheduler.schedule(Duration.ZERO, () -> {
                throw new IllegalStateException("test: expected failure");
            });
            scheduler.schedule(Duration.ofMillis(5), done::countDown);
            assertTrue(done.await(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void closeStopsTheThreadAndDropsQueuedExpiries() throws Exception {
        ExecutorExpiryScheduler scheduler = new ExecutorExpiryScheduler();
        scheduler.schedule(Duration.ofHours(1), () -> { });
        scheduler.close();
        scheduler.schedule(Duration.ofMillis(1), () -> { });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!scheduler.isTerminated() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertTrue(scheduler.isTerminated());
        assertEquals(0, scheduler.queued());
    }
}
