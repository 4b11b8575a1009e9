package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndDirection;
import io.sipsm.cdr.EndReason;
import io.sipsm.host.RefusedCall;

class RefusedCallsTest {

    @Test
    void aCallRefusedForLoadIsRecordedAsEndedByTheHostWithNoGatewayAndNoDuration() {
        RefusedCall refused = new RefusedCall("c1@10.0.0.9", "alice", "4930123", "acme.example.com", "10.0.0.9",
                1_000L, 503, "Service Unavailable", RefusedCall.Cause.LOAD, "sipsm-host");

        CallRecord record = RefusedCalls.recordOf(refused, "acme");

        assertEquals("c1@10.0.0.9", record.callerCallId);
        assertEquals("alice", record.caller);
        assertEquals("4930123", record.callee);
        assertEquals("acme.example.com", record.requestDomain);
        assertEquals("10.0.0.9", record.sourceAddress);
        assertEquals("acme", record.tenant);
        assertEquals(EndReason.REFUSED_FOR_LOAD, record.endReason);
        assertEquals(EndDirection.SERVER, record.endDirection);
        assertEquals("sipsm-host", record.endedBy);
        assertEquals(503, record.finalStatus);
        assertEquals("Service Unavailable", record.reasonText);
        assertEquals(1_000L, record.inviteAt);
        assertEquals(1_000L, record.endedAt);
        assertTrue(record.attempts.isEmpty());
        assertNull(record.calleeCallId);
        assertEquals(-1, record.setupMillis());
        assertEquals(0, record.durationMillis());
    }

    @Test
    void aPolicysRejectionNamesThePolicyAndTheGlobalSettingsNoTenant() {
        RefusedCall refused = new RefusedCall("c2", "bob", null, "127.0.0.1", "127.0.0.1", 5L, 403, "Forbidden",
                RefusedCall.Cause.POLICY, "io.sipsm.config");

        CallRecord record = RefusedCalls.recordOf(refused, "");

        assertEquals(EndReason.REJECTED_BY_POLICY, record.endReason);
        assertEquals("io.sipsm.config", record.endedBy);
        assertNull(record.tenant);
        assertTrue(record.recordId.length() == 36);
    }
}
