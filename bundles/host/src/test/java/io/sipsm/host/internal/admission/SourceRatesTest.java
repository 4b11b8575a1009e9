package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class SourceRatesTest {

    private final AtomicLong nanos = new AtomicLong(5_000_000_000L);
    private final SourceRates rates = new SourceRates(nanos::get);

    @Test
    void aSourceGetsItsRateEachSecondAndNoMore() {
        for (int i = 0; i < 3; i++) {
            assertTrue(rates.admit("192.0.2.1", 3), "request " + i);
        }
        assertFalse(rates.admit("192.0.2.1", 3));
        assertFalse(rates.admit("192.0.2.1", 3), "refusals are not counted against the next second");
        nanos.addAndGet(999_000_000L);
        assertFalse(rates.admit("192.0.2.1", 3), "same second");
        nanos.addAndGet(1_000_000L);
        assertTrue(rates.admit("192.0.2.1", 3), "the next second starts afresh");
    }

    @Test
    void sourcesAreCountedApart() {
        assertTrue(rates.admit("192.0.2.1", 1));
        assertFalse(rates.admit("192.0.2.1", 1));
        assertTrue(rates.admit("192.0.2.2", 1));
    }

    @Test
    void noLimitCountsNothing() {
        for (int i = 0; i < 1000; i++) {
            assertTrue(rates.admit("192.0.2.1", 0));
        }
        assertEquals(0, rates.sources());
    }

    @Test
    void aFloodFromManyAddressesDoesNotGrowTheTableWithoutEnd() {
        for (int i = 0; i < SourceRates.SWEEP_ABOVE + 100; i++) {
            rates.admit("10.0." + (i >> 8) + "." + (i & 255), 10);
        }
        assertEquals(SourceRates.SWEEP_ABOVE + 100, rates.sources(), "sources of the current second are kept");
        nanos.addAndGet(2_000_000_000L);
        rates.admit("192.0.2.1", 10);
        assertEquals(1, rates.sources(), "sources silent for a second are forgotten");
    }
}
