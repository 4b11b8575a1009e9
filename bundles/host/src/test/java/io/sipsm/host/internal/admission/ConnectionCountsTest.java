package io.sipsm.host.internal.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConnectionCountsTest {

    private final ConnectionCounts counts = new ConnectionCounts();

    @Test
    void aSourceHoldsNoMoreThanItsShare() {
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.1", 10, 2));
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.1", 10, 2));
        assertEquals(ConnectionCounts.Admission.SOURCE_LIMIT, counts.open("192.0.2.1", 10, 2));
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.2", 10, 2));
        assertEquals(3, counts.total());
        assertEquals(2, counts.of("192.0.2.1"));
    }

    @Test
    void theTotalIsCappedWhateverTheSource() {
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.1", 2, 5));
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.2", 2, 5));
        assertEquals(ConnectionCounts.Admission.TOTAL_LIMIT, counts.open("192.0.2.3", 2, 5));
        assertEquals(0, counts.of("192.0.2.3"), "a refused connection holds no place");
    }

    @Test
    void aClosedConnectionGivesItsPlaceBack() {
        counts.open("192.0.2.1", 1, 1);
        assertEquals(ConnectionCounts.Admission.TOTAL_LIMIT, counts.open("192.0.2.1", 1, 1));
        counts.close("192.0.2.1");
        assertEquals(0, counts.total());
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.1", 1, 1));
    }

    @Test
    void closingWhatHoldsNoPlaceChangesNothing() {
        counts.open("192.0.2.1", 5, 5);
        counts.close("192.0.2.9");
        assertEquals(1, counts.total());
    }

    @Test
    void aLimitLoweredBelowWhatIsHeldRefusesNewOnesUntilEnoughClose() {
        counts.open("192.0.2.1", 5, 5);
        counts.open("192.0.2.1", 5, 5);
        assertEquals(ConnectionCounts.Admission.TOTAL_LIMIT, counts.open("192.0.2.2", 1, 5));
        counts.close("192.0.2.1");
        assertEquals(ConnectionCounts.Admission.TOTAL_LIMIT, counts.open("192.0.2.2", 1, 5));
        counts.close("192.0.2.1");
        assertEquals(ConnectionCounts.Admission.OPEN, counts.open("192.0.2.2", 1, 5));
    }
}
