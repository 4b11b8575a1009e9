package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallCapacityTest {

    private static final long WINDOW = CallCapacity.WINDOW_NANOS;

    private final CallCapacity capacity = new CallCapacity();
    private long now;
    private long handedOut = CallCapacity.WARM_UP_MESSAGES;
    private long idleWaits;
    private long queued = CallCapacity.WARM_UP_MESSAGES;
    private long admitted;
    private long refusedForRate;
    private int waitingAtEnd;

    /** One window: so many messages handled and queued, calls admitted, threads that began to wait for work. */
    private void window(long handled, long queuedMessages, long calls, long waits) {
        now += WINDOW;
        handedOut += handled;
        queued += queuedMessages;
        admitted += calls;
        idleWaits += waits;
        update();
    }

    /** Leaves this many messages waiting for a thread when the next window begins. */
    private void backlog(long messages) {
        queued += messages;
        update();
    }

    private void update() {
        capacity.update(now, new OverloadGauges.ServiceCounters(queued, handedOut, idleWaits, waitingAtEnd),
                admitted, refusedForRate);
    }

    @Test
    void unknownUntilTheThreadsHaveBeenBusyOnce() {
        update();
        for (int i = 0; i < 50; i++) {
            window(500, 500, 100, 3);
        }
        assertTrue(Double.isInfinite(capacity.callsPerSecond()), "never fully busy: nothing measured");
    }

    @Test
    void theServiceRateOverTheMessagesACallBringsIsTheCallRate() {
        update();
        // Steady: 5 messages per call, 100 calls a window (1,000 calls/s), threads idle now and then.
        for (int i = 0; i < 200; i++) {
            window(500, 500, 100, 2);
        }
        // Then the threads are busy for a second and handle 8,000 messages/s, with messages waiting throughout.
        backlog(100);
        for (int i = 0; i < 10; i++) {
            window(800, 800, 160, 0);
        }
        assertEquals(8_000.0 / 5, capacity.callsPerSecond(), 20);
    }

    @Test
    void aCallsLaterMessagesCountToItsCost() {
        update();
        backlog(100);
        // Each call brings its INVITE in one window and four more messages over the next ones; the threads handle
        // what comes, with work always waiting.
        for (int i = 0; i < 200; i++) {
            long messages = i == 0 ? 100 : 500;
            window(messages, messages, 100, 0);
        }
        assertEquals(5_000.0 / 5, capacity.callsPerSecond(), 20);
    }

    @Test
    void aCeilingThatRefusesWhileTheThreadsIdleIsRaisedUntilMeasuredAgain() {
        update();
        backlog(100);
        for (int i = 0; i < 100; i++) {
            window(500, 500, 100, 0);
        }
        double measured = capacity.callsPerSecond();
        // Refusing while the threads waited for work before every other message: raised at half the pace.
        refusedForRate += 10;
        window(400, 400, 80, 200);
        double raised = measured * (1 + CallCapacity.PROBE_PER_SECOND * 0.5 * 0.1);
        assertEquals(raised, capacity.callsPerSecond(), 1);
        // Refusing nothing, idle: the estimate stays.
        window(400, 400, 80, 400);
        assertEquals(raised, capacity.callsPerSecond(), 1);
    }

    @Test
    void aSlowBusySecondLowersTheEstimateLittleAndAFastOneRaisesItSoon() {
        update();
        backlog(100);
        for (int i = 0; i < 100; i++) {
            window(800, 800, 160, 0);
        }
        assertEquals(8_000.0 / 5, capacity.callsPerSecond(), 20);
        for (int i = 0; i < 10; i++) {
            window(400, 400, 80, 0); // deep in a backlog: half the rate for a second
        }
        assertTrue(capacity.callsPerSecond() > 8_000.0 / 5 * 0.9, "fell to " + capacity.callsPerSecond());
        for (int i = 0; i < 20; i++) {
            window(1_000, 1_000, 200, 0);
        }
        assertEquals(10_000.0 / 5, capacity.callsPerSecond(), 40);
    }

    @Test
    void theMessagesOfAFreshStackAreNotMeasured() {
        handedOut = 0;
        queued = 100;
        update();
        for (int i = 0; i < 10; i++) {
            window(50, 50, 10, 0); // busy, but running code the JIT has not compiled yet
        }
        assertTrue(Double.isInfinite(capacity.callsPerSecond()));
        // What the cold host carries now is known, for the lag to bound a flood by (issue 20).
        assertEquals(500.0 / 5, capacity.busyCallsPerSecond(), 1);
    }

    @Test
    void aBusyWindowWithoutWorkWaitingAtItsStartMeasuresNothing() {
        update();
        // Every thread busy, none waited, but nothing was waiting when the windows began: a pause, not a backlog.
        for (int i = 0; i < 20; i++) {
            window(300, 300, 60, 0);
        }
        assertTrue(Double.isInfinite(capacity.callsPerSecond()));
    }

    @Test
    void aWindowThatBeganWithAThreadWaitingIsNotBusyEvenIfNoneBeganToWaitInIt() {
        waitingAtEnd = 7;
        update();
        // A quiet host: one message handled in the window, still in hand when it closes.
        for (int i = 0; i < 20; i++) {
            window(1, 1, 1, 0);
        }
        assertTrue(Double.isInfinite(capacity.callsPerSecond()), "a quiet host was never fully busy");
    }

    @Test
    void resetForgetsTheMeasure() {
        update();
        backlog(100);
        for (int i = 0; i < 20; i++) {
            window(500, 500, 100, 0);
        }
        capacity.reset();
        assertTrue(Double.isInfinite(capacity.callsPerSecond()));
    }
}
