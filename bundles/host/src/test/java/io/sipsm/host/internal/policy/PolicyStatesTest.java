package io.sipsm.host.internal.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.sipsm.host.CallLeg;

/** The policies' state store and their bundle-scoped share of the timer thread. */
class PolicyStatesTest {

    final PolicyStates states = new PolicyStates();

    static CallLeg leg(String id, CallLeg.State state) {
        CallLeg leg = mock(CallLeg.class);
        when(leg.id()).thenReturn(id);
        when(leg.state()).thenReturn(state);
        return leg;
    }

    @Test
    void eachPolicySeesItsOwnRecordsUntilTheLegEnds() {
        CallLeg a = leg("a", CallLeg.State.CONFIRMED);
        states.put("sipsm-session-timer", a, Map.of("v", "1"));
        states.put("sipsm-setup-timeouts", a, Map.of("v", "7"));
        assertEquals(Map.of("v", "1"), states.legs("sipsm-session-timer").get(a));
        assertEquals(Map.of("v", "7"), states.get("sipsm-setup-timeouts", a).orElseThrow());
        states.legEnded("a");
        assertTrue(states.legs("sipsm-session-timer").isEmpty());
        assertTrue(states.get("sipsm-setup-timeouts", a).isEmpty());
    }

    @Test
    void anEndedLegIsNeitherStoredNorHandedOut() {
        states.put("p", leg("gone", CallLeg.State.TERMINATED), Map.of("v", "1"));
        assertTrue(states.legs("p").isEmpty());
        CallLeg later = mock(CallLeg.class);
        when(later.id()).thenReturn("later");
        when(later.state()).thenReturn(CallLeg.State.CONFIRMED, CallLeg.State.TERMINATED);
        states.put("p", later, Map.of("v", "1"));
        assertTrue(states.legs("p").isEmpty(), "ended since it was stored");
        assertEquals(0, states.figures().get(0).legs());
    }

    @Test
    void releaseForgetsOnePolicyOnly() {
        states.put("p", "gw1", Map.of("available", "true"));
        states.put("q", "gw1", Map.of("available", "false"));
        states.release("p");
        assertTrue(states.records("p").isEmpty());
        assertEquals(Map.of("available", "false"), states.records("q").get("gw1"));
    }

    @Test
    void aStoppedBundlesTimersNeverRun() throws Exception {
        try (PolicyTimers timers = new PolicyTimers()) {
            BundlePolicyScheduler scheduler = new BundlePolicyScheduler(timers);
            AtomicInteger ran = new AtomicInteger();
            scheduler.schedule(Duration.ofMillis(200), ran::incrementAndGet);
            scheduler.schedule(Duration.ofSeconds(60), ran::incrementAndGet);
            assertEquals(2, scheduler.pending());
            scheduler.close();
            assertEquals(0, scheduler.pending());
            assertEquals(0, timers.queued(), "cancelled tasks leave the queue");
            scheduler.schedule(Duration.ZERO, ran::incrementAndGet);
            CountDownLatch after = new CountDownLatch(1);
            timers.schedule(Duration.ofMillis(400), after::countDown);
            assertTrue(after.await(10, TimeUnit.SECONDS));
            assertEquals(0, ran.get());
        }
    }

    @Test
    void aRunningBundlesTimerRunsOnceAndLeavesNothingPending() throws Exception {
        try (PolicyTimers timers = new PolicyTimers()) {
            BundlePolicyScheduler scheduler = new BundlePolicyScheduler(timers);
            CountDownLatch ran = new CountDownLatch(1);
            scheduler.schedule(Duration.ZERO, ran::countDown);
            assertTrue(ran.await(10, TimeUnit.SECONDS));
            assertFalse(scheduler.pending() > 0);
        }
    }
}
