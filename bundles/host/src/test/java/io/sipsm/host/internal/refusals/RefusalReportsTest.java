package io.sipsm.host.internal.refusals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sipsm.host.RefusedCall;
import io.sipsm.host.RefusedCallListener;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalReportsTest {

    private final List<RefusedCall> heard = new ArrayList<>();
    private final RefusedCallListener listener = heard::add;

    @Test
    void aRefusalForLoadIsReportedWithWhatTheCallerSentAndTheHostsName() {
        RefusalReports reports = new RefusalReports(16);
        reports.add(listener);
        reports.start("sipsm-host");
        reports.stop();
        reports.refusedForLoad("z9hg4bk-1", "call-1@10.0.0.9", "\"Alice\" <sip:alice@a.example>;tag=1",
                "sip:4930123@acme.example.com;user=phone", "10.0.0.9", 503, "Service Unavailable");

        assertEquals(1, reports.drain());
        RefusedCall call = heard.get(0);
        assertEquals(new RefusedCall("call-1@10.0.0.9", "alice", "4930123", "acme.example.com", "10.0.0.9",
                call.at(), 503, "Service Unavailable", RefusedCall.Cause.LOAD, "sipsm-host"), call);
        assertTrue(call.at() > 0);
        assertEquals(1, reports.reported());
    }

    @Test
    void theCopiesOfARefusedInviteAreReportedOnce() {
        RefusalReports reports = new RefusalReports(16);
        reports.add(listener);
        for (int copy = 0; copy < 3; copy++) {
            reports.refusedForLoad("z9hg4bk-1", "call-1", "sip:a@x", "sip:b@y", "10.0.0.9", 503, "Service Unavailable");
        }
        reports.refusedForLoad("z9hg4bk-2", "call-2", "sip:a@x", "sip:b@y", "10.0.0.9", 503, "Service Unavailable");

        reports.drain();

        assertEquals(List.of("call-1", "call-2"), heard.stream().map(RefusedCall::callId).toList());
    }

    @Test
    void aPolicysRejectionNamesThePolicyButAChallengeIsNoRefusal() {
        RefusalReports reports = new RefusalReports(16);
        reports.add(listener);
        reports.rejectedByPolicy("z9hg4bk-1", "call-1", "sip:a@x", "sip:b@y", "10.0.0.9", 401, "Unauthorized",
                "sipsm-config");
        reports.rejectedByPolicy("z9hg4bk-2", "call-2", "sip:a@x", "sip:b@y", "10.0.0.9", 403, "Forbidden",
                "sipsm-config");

        reports.drain();

        assertEquals(1, heard.size());
        assertEquals(RefusedCall.Cause.POLICY, heard.get(0).cause());
        assertEquals("sipsm-config", heard.get(0).refusedBy());
        assertEquals(403, heard.get(0).status());
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfMakingTheSipThreadWait() {
        RefusalReports reports = new RefusalReports(2);
        reports.add(listener);
        for (int call = 0; call < 5; call++) {
            reports.refusedForLoad("z9hg4bk-" + call, "call-" + call, "sip:a@x", "sip:b@y", "10.0.0.9", 503, "x");
        }

        assertEquals(3, reports.unreported());
        assertEquals(2, reports.drain());
    }

    @Test
    void withoutListenersNothingIsQueued() {
        RefusalReports reports = new RefusalReports(2);
        reports.refusedForLoad("z9hg4bk-1", "call-1", "sip:a@x", "sip:b@y", "10.0.0.9", 503, "x");

        assertEquals(0, reports.drain());
        assertEquals(0, reports.unreported());
    }

    @Test
    void aFailingListenerDoesNotKeepTheOthersFromHearing() {
        RefusalReports reports = new RefusalReports(4);
        reports.add(call -> {
            throw new IllegalStateException("broken listener");
        });
        reports.add(listener);
        reports.refusedForLoad("z9hg4bk-1", "call-1", "sip:a@x", "sip:b@y", "10.0.0.9", 503, "x");

        reports.drain();

        assertEquals(1, heard.size());
    }

    @Test
    void theReportingThreadDeliversUntilStopped() throws Exception {
        RefusalReports reports = new RefusalReports(16);
        List<RefusedCall> delivered = java.util.Collections.synchronizedList(new ArrayList<>());
        reports.add(delivered::add);
        reports.start("sipsm-host");
        try {
            reports.refusedForLoad("z9hg4bk-1", "call-1", "sip:a@x", "sip:b@y", "10.0.0.9", 503, "x");
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (delivered.isEmpty() && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
        } finally {
            reports.stop();
        }
        assertEquals(1, delivered.size());
    }
}
