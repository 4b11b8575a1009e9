package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RefreshTimingTest {

    @ParameterizedTest(name = "SE {0} s: slack {1} s, expiry {2} s")
    @CsvSource({ "90, 30, 60", "96, 32, 64", "120, 32, 88", "1800, 32, 1768" })
    void peerGivesUpAtIntervalMinusMin32OrAThird(long interval, long slack, long expiry) {
        assertEquals(Duration.ofSeconds(slack), RefreshTiming.slack(Duration.ofSeconds(interval)));
        assertEquals(Duration.ofSeconds(expiry), RefreshTiming.expiry(Duration.ofSeconds(interval)));
    }

    @ParameterizedTest(name = "SE {0} s, segment {1}: refresh after {2} ms")
    @CsvSource({
            "1800, 4, 1350000", // the default: 75 %
            "1800, 10, 1620000", // 90 %, 180 s of margin > 32 s
            "90, 2, 45000", // 50 %: 45 s > 30 s
            "90, 3, 45000", // 30 s is not more than 30 s: falls back to half
            "120, 4, 60000", // 30 s < 32 s: half
            "129, 4, 96750", // 32.25 s > 32 s: the segment point
            "128, 4, 64000", // exactly 32 s: too late, half
            "320, 10, 160000", // 32 s: half
            "330, 10, 297000" })
    void refreshesAtTheSegmentPointUnlessThatComesTooLate(long interval, int segment, long millis) {
        assertEquals(Duration.ofMillis(millis), RefreshTiming.refreshAfter(Duration.ofSeconds(interval), segment));
    }

    @Test
    void segmentRuleMatchesTheDesignNote() {
        assertTrue(RefreshTiming.segmentBeatsPeer(Duration.ofSeconds(129), 4));
        assertFalse(RefreshTiming.segmentBeatsPeer(Duration.ofSeconds(128), 4));
        assertTrue(RefreshTiming.segmentBeatsPeer(Duration.ofSeconds(321), 10));
        assertFalse(RefreshTiming.segmentBeatsPeer(Duration.ofSeconds(320), 10));
    }

    @Test
    void refreshAlwaysComesBeforeThePeerGivesUp() {
        for (long se = 90; se <= 4000; se++) {
            for (int segment = 2; segment <= 10; segment++) {
                Duration interval = Duration.ofSeconds(se);
                assertTrue(RefreshTiming.refreshAfter(interval, segment).compareTo(RefreshTiming.expiry(interval)) < 0,
                        "SE " + se + " segment " + segment);
            }
        }
    }

    @Test
    void glareBackoffFollowsRfc3261() {
        RandomGenerator random = new SplittableRandom(7);
        for (int i = 0; i < 2000; i++) {
            long owner = RefreshTiming.glareBackoff(true, random).toMillis();
            long other = RefreshTiming.glareBackoff(false, random).toMillis();
            assertTrue(owner >= 2100 && owner <= 4000 && owner % 10 == 0, "owner " + owner);
            assertTrue(other >= 0 && other <= 2000 && other % 10 == 0, "other " + other);
        }
    }
}
