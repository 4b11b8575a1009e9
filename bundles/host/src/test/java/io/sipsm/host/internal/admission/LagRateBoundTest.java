package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LagRateBoundTest {

    private static final long MS = 1_000_000L;

    private long now = 1_000 * MS;
    private final LagRateBound bound = new LagRateBound();

    /** A delay that rose to this level over the samples a new lag needs, the last one now. */
    private void risenTo(long delayPercent, double carried, double minimum) {
        for (int i = LagRateBound.RISES_TO_CUT; i > 0; i--) {
            bound.update(now - i * LagRateBound.TREND_NANOS, delayPercent - i, carried, false, minimum);
        }
        bound.update(now, delayPercent, carried, false, minimum);
    }

    @Test
    void noBoundWithoutLag() {
        bound.update(now, LagRateBound.LAG_PERCENT - 1, 2_000, true, 0);
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond());
    }

    @Test
    void fromTheFirstSignOfLagTheRateCarriedIsCutOncePerInterval() {
        risenTo(LagRateBound.LAG_PERCENT, 2_000, 0);
        assertEquals(2_000 * LagRateBound.CUT, bound.perSecond(), 1e-9);
        now += 500 * MS;
        bound.update(now, 120, 1_900, false, 0);
        assertEquals(2_000 * LagRateBound.CUT, bound.perSecond(), 1e-9, "cut again within the interval");
        now += 500 * MS;
        bound.update(now, 120, 1_900, false, 0);
        assertEquals(1_800 * 100 / 120.0, bound.perSecond(), 1e-9, "the bound, not the higher rate, is cut");
    }

    @Test
    void theCutFollowsTheOvershootBeyondTheLimit() {
        assertEquals(LagRateBound.CUT, LagRateBound.cutFactor(LagRateBound.LAG_PERCENT), 1e-9, "first lag");
        assertEquals(LagRateBound.CUT, LagRateBound.cutFactor(105), 1e-9, "just over the limit");
        assertEquals(0.8, LagRateBound.cutFactor(125), 1e-9, "a quarter over");
        assertEquals(LagRateBound.DEEPEST_CUT, LagRateBound.cutFactor(150), 1e-9, "1.5 times");
        assertEquals(LagRateBound.DEEPEST_CUT, LagRateBound.cutFactor(1_000), 1e-9, "far over");
    }

    @Test
    void aDelayThatFellSinceTheLastCutIsLeftToDrain() {
        risenTo(200, 1_000, 0);
        now += 1_500 * MS;
        bound.update(now, 150, 1_000, false, 0);
        assertEquals(1_000 * LagRateBound.DEEPEST_CUT, bound.perSecond(), 1e-9);
    }

    @Test
    void aSurgeAfterTheLagEndedIsCutHoweverHighTheLastCutWas() {
        risenTo(300, 1_300, 0);
        now += 500 * MS;
        bound.update(now, 10, 900, false, 0);
        now += 500 * MS;
        risenTo(50, 900, 0);
        assertEquals(810, bound.perSecond(), 1e-9);
    }

    /** Issue 27: a pause makes the delay jump in one sample and fall after; too many calls make it rise on. */
    @Test
    void aDelayThatJumpedOnceAndFallsIsAPauseNotACauseToCut() {
        bound.update(now, 0, 500, false, 0);
        now += 150 * MS;
        bound.update(now, 72, 450, false, 0); // a 144 ms pause against a 200 ms limit
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond(), "one rise is not a trend");
        for (int i = 0; i < 10; i++) {
            now += 100 * MS;
            bound.update(now, 70 - 5 * i, 450, false, 0); // draining
        }
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond(), "a falling delay is left to drain");

        now += 100 * MS;
        bound.update(now, 55, 600, false, 0);
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond(), "risen once");
        now += 100 * MS;
        bound.update(now, 60, 600, false, 0);
        assertEquals(600 * LagRateBound.CUT, bound.perSecond(), 1e-9, "risen over two samples: cut within 200 ms");
    }

    @Test
    void noCutWhileTheRateCarriedIsUnknownOrTheThreadsWaitForWork() {
        risenTo(150, 0, 0);
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond());
    }

    @Test
    void itGrowsOnlyWithoutLagAndWhileCallsAreRefused() {
        risenTo(100, 1_000, 0);
        now += 1_000 * MS;
        bound.update(now, 10, 900, false, 0);
        assertEquals(900, bound.perSecond(), 1e-9, "nothing refused");
        now += 1_000 * MS;
        bound.update(now, 50, 0, true, 0);
        assertEquals(900, bound.perSecond(), 1e-9, "lagging");
        for (int i = 0; i < 1_000; i++) {
            now += MS;
            bound.update(now, 10, 900, true, 0);
        }
        assertEquals(900 * Math.exp(LagRateBound.growthPerSecond(10)), bound.perSecond(), 2, "by its growth rate");
        assertEquals(LagRateBound.IDLE_GROWTH_PER_SECOND, LagRateBound.growthPerSecond(0), 1e-9, "the queue empty");
        assertEquals(LagRateBound.GROWTH_PER_SECOND, LagRateBound.growthPerSecond(LagRateBound.LAG_PERCENT), 1e-9);
    }

    @Test
    void aCutStopsAtTheMinimumGivenAndTheFloor() {
        risenTo(100, 100, 400);
        assertEquals(400, bound.perSecond(), 1e-9, "a host crawling for a moment");
        bound.reset();
        now += 1_000 * MS;
        risenTo(100, 0.5, 0);
        assertEquals(LagRateBound.FLOOR, bound.perSecond());
        bound.reset();
        assertEquals(Double.POSITIVE_INFINITY, bound.perSecond());
        now += 1_000 * MS;
        risenTo(100, 500, 0);
        assertEquals(450, bound.perSecond(), 1e-9, "a reset bound is cut at once");
    }
}
