package io.sipsm.b2bua.internal;


import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndDirection;
import io.sipsm.cdr.EndReason;
import io.sipsm.host.RefusedCall;

/**
 * The record of a call the host refused before any application saw it: every call gets one, so a complaint about
 * a call that never rang finds it too (refused for load, rejected by a policy). Such a call has no application,
 * no gateway and no duration; the server ended it, by the bundle the host names.
 */
final class RefusedCalls {

    private RefusedCalls() {
    }

    /** @param tenant the tenant whose selector matches the call, empty or null for the global settings */
    static CallRecord recordOf(RefusedCall call, String tenant) {
        CallRecord record = new CallRecord();
        record.recordId = CallRecord.newRecordId();
        record.callerCallId = call.callId();
        record.caller = call.caller();
        record.callee = call.callee();
        record.requestDomain = call.requestDomain();
        record.sourceAddress = call.sourceAddress();
        record.tenant = tenant == null || tenant.isEmpty() ? null : tenant;
        record.inviteAt = call.at();
        record.endedAt = call.at();
        record.endReason = call.cause() == RefusedCall.Cause.LOAD ? EndReason.REFUSED_FOR_LOAD
                : EndReason.REJECTED_BY_POLICY;
        record.endDirection = EndDirection.SERVER;
        record.endedBy = call.refusedBy();
        record.finalStatus = call.status();
        record.reasonText = call.reasonPhrase();
        return record;
    }
}
