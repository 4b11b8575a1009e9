package io.sipsm.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class AdmissionThrottleTest {

    private static final long MS = 1_000_000L;
    private static final int RESUME = 80;

    private long now = 1_000 * MS;
    private final AdmissionThrottle throttle = new AdmissionThrottle(() -> now);

    @Test
    void admitsEverythingWhileTheDelayIsBelowItsLimit() {
        throttle.update(99, RESUME);
        assertEquals(1.0, throttle.share());
        assertEquals(100, admittedOf(100));
    }

    @Test
    void atTheLimitItCutsTheShareAtMostOncePerInterval() {
        throttle.update(120, RESUME);
        assertEquals(AdmissionThrottle.CUT, throttle.share(), 1e-9);
        now += 50 * MS;
        throttle.update(130, RESUME);
        assertEquals(AdmissionThrottle.CUT, throttle.share(), 1e-9, "cut again within the interval");
        now += 50 * MS;
        throttle.update(140, RESUME);
        assertEquals(AdmissionThrottle.CUT * 100 / 140.0, throttle.share(), 1e-9);
    }

    @Test
    void theCutFollowsTheOvershoot() {
        assertEquals(AdmissionThrottle.CUT, AdmissionThrottle.cutFactor(100), 1e-9, "at the limit");
        assertEquals(AdmissionThrottle.CUT, AdmissionThrottle.cutFactor(110), 1e-9, "just over");
        assertEquals(2 / 3.0, AdmissionThrottle.cutFactor(150), 1e-9, "1.5 times the limit");
        assertEquals(AdmissionThrottle.DEEPEST_CUT, AdmissionThrottle.cutFactor(200), 1e-9, "twice");
        assertEquals(AdmissionThrottle.DEEPEST_CUT, AdmissionThrottle.cutFactor(1_000), 1e-9, "far over");
    }

    @Test
    void aDelayThatFallsIsLeftToDrainWithoutAnotherCut() {
        throttle.update(200, RESUME);
        now += 100 * MS;
        throttle.update(150, RESUME);
        now += 100 * MS;
        throttle.update(110, RESUME);
        assertEquals(AdmissionThrottle.cutFactor(200), throttle.share(), 1e-9);
    }

    @Test
    void betweenTheResumeLevelAndTheLimitTheShareHolds() {
        throttle.update(150, RESUME);
        now += 5_000 * MS;
        throttle.update(90, RESUME);
        now += 5_000 * MS;
        throttle.update(80, RESUME);
        assertEquals(AdmissionThrottle.cutFactor(150), throttle.share(), 1e-9);
    }

    @Test
    void belowTheResumeLevelTheShareGrowsWithTimeNotWithCalls() {
        cutTo(0.3);
        double low = throttle.share();
        now += 10 * MS;
        throttle.update(10, RESUME);
        throttle.update(10, RESUME);
        throttle.update(10, RESUME);
        assertEquals(low + AdmissionThrottle.GROWTH_PER_SECOND * 0.01, throttle.share(), 1e-9);
        // A probe seconds later (no calls meanwhile) finds the share back at all.
        now += 3_000 * MS;
        throttle.update(0, RESUME);
        assertEquals(1.0, throttle.share());
    }

    @Test
    void theAdmittedShareIsSpreadEvenly() {
        cutTo(0.5);
        double share = throttle.share();
        int admitted = admittedOf(1_000);
        assertEquals(share * 1_000, admitted, 1.0);
        // No long run of refusals: a share of at least a third admits one in every three or four.
        boolean[] decisions = new boolean[30];
        IntStream.range(0, decisions.length).forEach(i -> decisions[i] = throttle.admitNext());
        for (int i = 0; i + 3 < decisions.length; i++) {
            assertTrue(decisions[i] || decisions[i + 1] || decisions[i + 2], "three refusals in a row at " + i);
        }
    }

    @Test
    void neverBelowTheFloor() {
        for (int i = 0; i < 200; i++) {
            now += 100 * MS;
            throttle.update(1_000 + i, RESUME);
        }
        assertEquals(AdmissionThrottle.FLOOR, throttle.share(), 1e-9);
        assertTrue(admittedOf(1_000) >= 19);
    }

    @Test
    void resetAdmitsEverythingAgain() {
        cutTo(0.1);
        throttle.reset();
        assertEquals(1.0, throttle.share());
        assertEquals(10, admittedOf(10));
    }

    /** Cuts the share at a growing delay until it is at most the target. */
    private void cutTo(double target) {
        int delay = 100;
        while (throttle.share() > target) {
            now += AdmissionThrottle.CUT_INTERVAL_NANOS;
            throttle.update(delay++, RESUME);
        }
    }

    private int admittedOf(int requests) {
        return (int) IntStream.range(0, requests).filter(i -> throttle.admitNext()).count();
    }
}
