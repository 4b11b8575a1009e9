package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RateCeilingTest {

    private long now = 1_000_000_000L;
    private final RateCeiling ceiling = new RateCeiling(() -> now);

    /** Offers requests evenly over one second; returns how many were admitted. */
    private int offer(int perSecond) {
        int admitted = 0;
        long step = 1_000_000_000L / perSecond;
        for (int i = 0; i < perSecond; i++) {
            now += step;
            if (ceiling.admitNext()) {
                admitted++;
            }
        }
        return admitted;
    }

    @Test
    void withoutACeilingEverythingPasses() {
        assertEquals(2_000, offer(2_000));
        assertEquals(1.0, ceiling.share());
    }

    @Test
    void twiceTheCeilingOfferedHalfIsAdmittedSpreadEvenly() {
        ceiling.set(500);
        for (int second = 0; second < 5; second++) {
            offer(1_000); // the measured rates settle over a few seconds
        }
        int admitted = offer(1_000);
        assertEquals(500, admitted, 5);
        assertEquals(0.5, ceiling.share(), 0.02);
        assertEquals(500, ceiling.admittedPerSecond(), 20);
    }

    @Test
    void aBurstTakesNoMoreThanTheBucketHolds() {
        ceiling.set(1_000);
        now += 5_000_000_000L;
        int admitted = 0;
        for (int i = 0; i < 1_000; i++) {
            if (ceiling.admitNext()) {
                admitted++;
            }
        }
        assertEquals(1_000 * RateCeiling.BURST_SECONDS, admitted, 1);
    }

    @Test
    void clumpsBelowTheRateArePassedWhole() {
        ceiling.set(1_000);
        int admitted = 0;
        for (int clump = 0; clump < 10; clump++) {
            now += 100_000_000L;
            for (int i = 0; i < 80; i++) { // 800/s arriving in clumps of 80 every 100 ms
                if (ceiling.admitNext()) {
                    admitted++;
                }
            }
        }
        assertEquals(800, admitted);
    }

    @Test
    void belowTheCeilingEverythingPasses() {
        ceiling.set(1_000);
        offer(500);
        assertEquals(500, offer(500));
        assertTrue(ceiling.share() >= 1);
    }
}
