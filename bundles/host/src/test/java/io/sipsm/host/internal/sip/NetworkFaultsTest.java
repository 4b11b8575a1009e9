package io.sipsm.host.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.sipsm.host.HostStatus;

class NetworkFaultsTest {

    private final AtomicLong now = new AtomicLong(1_000);
    private final NetworkFaults faults = new NetworkFaults(now::get);

    @Test
    void everyFaultIsCountedButOnlyOneLineAMinuteIsLoggedPerKind() {
        assertTrue(faults.record(NetworkFaults.Kind.NO_DIALOG, "127.0.0.1:5062", "INFO for no dialog"));
        for (int i = 0; i < 100; i++) {
            assertFalse(faults.record(NetworkFaults.Kind.NO_DIALOG, "127.0.0.1:5062", "INFO for no dialog"));
        }
        assertEquals(101, faults.count(NetworkFaults.Kind.NO_DIALOG));

        now.addAndGet(NetworkFaults.LOG_INTERVAL_NANOS - 1);
        assertFalse(faults.record(NetworkFaults.Kind.NO_DIALOG, "127.0.0.1:5062", "INFO for no dialog"));
        now.addAndGet(1);
        assertTrue(faults.record(NetworkFaults.Kind.NO_DIALOG, "127.0.0.1:5062", "INFO for no dialog"));
        assertEquals(103, faults.count(NetworkFaults.Kind.NO_DIALOG));
    }

    @Test
    void eachKindHasItsOwnLine() {
        assertTrue(faults.record(NetworkFaults.Kind.NO_DIALOG, "127.0.0.1:5062", "BYE for no dialog"));
        assertTrue(faults.record(NetworkFaults.Kind.MALFORMED_REQUEST, "127.0.0.1:5062", "Missing CSeq"));
    }

    @Test
    void theSnapshotListsEveryKindInAFixedOrder() {
        faults.record(NetworkFaults.Kind.STRAY_RESPONSE, "127.0.0.1:5062", "response to no request");
        var snapshot = faults.snapshot();
        assertEquals(NetworkFaults.Kind.values().length, snapshot.size());
        assertEquals(new HostStatus.NetworkFault("malformed.request", "400", 0), snapshot.get(0));
        assertEquals(1, snapshot.stream().filter(f -> f.kind().equals("stray.response")).findFirst().orElseThrow().count());
    }
}
