package io.sipsm.cdr.testing;

import java.util.UUID;

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
        r.recordId = UUID.randomUUID().toString();
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
        GatewayAttempt failed = new GatewayAttempt();
        failed.gateway = "10.0.0.1:5060";
        failed.callId = callId + "-a";
        failed.sentAt = inviteAt + 5;
        failed.endedAt = inviteAt + 1_005;
        failed.status = 408;
        failed.endReason = EndReason.INVITE_TIMEOUT;
        GatewayAttempt answering = new GatewayAttempt();
        answering.gateway = "10.0.0.2:5060";
        answering.callId = callId + "-b";
        answering.sentAt = inviteAt + 1_010;
        answering.endedAt = inviteAt + 2_000;
        answering.status = 200;
        r.attempts.add(failed);
        r.attempts.add(answering);
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
        r.recordId = UUID.randomUUID().toString();
        r.callerCallId = callId;
        r.caller = "carol";
        r.callee = "dave";
        r.application = "b2bua";
        r.inviteAt = inviteAt;
        r.endedAt = inviteAt + 50;
        GatewayAttempt busy = new GatewayAttempt();
        busy.gateway = "10.0.0.1:5060";
        busy.callId = callId + "-a";
        busy.sentAt = inviteAt + 5;
        busy.endedAt = inviteAt + 50;
        busy.status = 486;
        r.attempts.add(busy);
        r.endReason = EndReason.CALLEE_REJECTED;
        r.endDirection = EndDirection.CALLEE;
        r.finalStatus = 486;
        return r;
    }
}
