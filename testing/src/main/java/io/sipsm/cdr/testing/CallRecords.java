package io.sipsm.cdr.testing;


import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndDirection;
import io.sipsm.cdr.EndReason;
import io.sipsm.cdr.GatewayAttempt;

/** Call records as the B2BUA makes them, for the store's tests and the insert benchmark. */
public final class CallRecords {

    private CallRecords() {
    }

    /** Answered by the second gateway after the first timed out; its Reason text needs escaping in listings. */
    public static CallRecord answered(String callId, long inviteAt) {
        CallRecord r = new CallRecord();
        r.recordId = CallRecord.newRecordId();
        r.callerCallId = callId;
        r.calleeCallId = callId + "-b";
        r.caller = "alice";
        r.callee = "bob";
        r.requestDomain = "acme.example.com";
        r.sourceAddress = "127.0.0.1";
        r.tenant = "acme";
        r.application = "b2bua";
        r.inviteAt = inviteAt;
        r.firstProvisionalAt = inviteAt + 100;
        r.answeredAt = inviteAt + 2_000;
        r.endedAt = inviteAt + 62_000;
        GatewayAttempt failed = attempt("10.0.0.1:5060", callId + "-a", inviteAt + 5, inviteAt + 1_005, 408);
        failed.endReason = EndReason.INVITE_TIMEOUT;
        r.attempts.add(failed);
        r.attempts.add(attempt("10.0.0.2:5060", callId + "-b", inviteAt + 1_010, inviteAt + 2_000, 200));
        r.answeringGateway = "10.0.0.2:5060";
        r.endReason = EndReason.NORMAL_CLEARING;
        r.endDirection = EndDirection.CALLER;
        r.finalStatus = 200;
        r.reasonText = "tab\there \\ and\nnewline";
        return r;
    }

    /** Refused 486 by the only gateway tried. */
    public static CallRecord rejected(String callId, long inviteAt) {
        CallRecord r = new CallRecord();
        r.recordId = CallRecord.newRecordId();
        r.callerCallId = callId;
        r.caller = "carol";
        r.callee = "dave";
        r.application = "b2bua";
        r.inviteAt = inviteAt;
        r.endedAt = inviteAt + 50;
        r.attempts.add(attempt("10.0.0.1:5060", callId + "-a", inviteAt + 5, inviteAt + 50, 486));
        r.endReason = EndReason.CALLEE_REJECTED;
        r.endDirection = EndDirection.CALLEE;
        r.finalStatus = 486;
        return r;
    }

    private static GatewayAttempt attempt(String gateway, String callId, long sentAt, long endedAt, int status) {
        GatewayAttempt attempt = new GatewayAttempt();
        attempt.gateway = gateway;
        attempt.callId = callId;
        attempt.sentAt = sentAt;
        attempt.endedAt = endedAt;
        attempt.status = status;
        return attempt;
    }
}
