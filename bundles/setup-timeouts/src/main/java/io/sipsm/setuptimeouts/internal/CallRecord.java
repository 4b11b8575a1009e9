package io.sipsm.setuptimeouts.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;

/**
 * What the policy holds of one call while it is being set up: its settings (resolved once), the caller's leg
 * once known, the gateway attempts still pending, and the call-wide timer (early hangup, or the guard that
 * releases a call nothing happens on). Callers synchronize on the record; it never blocks.
 */
final class CallRecord {

    private final String callId;
    private final SipSettings settings;
    private final SetupDeadlines deadlines;
    private final long startNanos;
    private final Map<String, GatewayAttempt> attempts = new HashMap<>();
    private CallLeg inbound;
    private PolicyScheduler.Scheduled callTimer;
    private boolean tornDown;
    private boolean callerAnswered;
    private final List<CallLeg> cancelAfterCaller = new ArrayList<>();
    private boolean released;

    /**
     * @param callId the caller's Call-ID, or the outgoing INVITE's when the application placed the call itself
     * @param startNanos when the call's initial INVITE arrived ({@link System#nanoTime()})
     */
    CallRecord(String callId, SipSettings settings, SetupDeadlines deadlines, long startNanos) {
        this.callId = callId;
        this.settings = settings;
        this.deadlines = deadlines;
        this.startNanos = startNanos;
    }

    String callId() {
        return callId;
    }

    SipSettings settings() {
        return settings;
    }

    SetupDeadlines deadlines() {
        return deadlines;
    }

    long startNanos() {
        return startNanos;
    }

    CallLeg inbound() {
        return inbound;
    }

    void inbound(CallLeg leg) {
        if (inbound == null) {
            inbound = leg;
        }
    }

    GatewayAttempt attempt(String legCallId) {
        return attempts.get(legCallId);
    }

    void addAttempt(String legCallId, GatewayAttempt attempt) {
        attempts.put(legCallId, attempt);
    }

    /** Forgets a finished attempt; its timer is already cancelled. */
    void removeAttempt(String legCallId) {
        GatewayAttempt attempt = attempts.remove(legCallId);
        if (attempt != null) {
            attempt.finish();
        }
    }

    boolean hasPendingAttempts() {
        return !attempts.isEmpty();
    }

    /** The Call-IDs of the attempts, for the table to forget with the call. */
    List<String> attemptCallIds() {
        return new ArrayList<>(attempts.keySet());
    }

    /** The legs of the gateway attempts still pending. */
    List<CallLeg> attemptLegs() {
        List<CallLeg> legs = new ArrayList<>();
        attempts.values().forEach(a -> legs.add(a.leg()));
        return legs;
    }

    /** Replaces the call-wide timer (early hangup, idle guard or the linger after a teardown). */
    void armCallTimer(PolicyScheduler.Scheduled next) {
        cancelCallTimer();
        callTimer = next;
    }

    void cancelCallTimer() {
        if (callTimer != null) {
            callTimer.cancel();
            callTimer = null;
        }
    }

    boolean isTornDown() {
        return tornDown;
    }

    /** The policy tore the call down; the record stays a little to stop attempts racing the teardown. */
    void markTornDown() {
        tornDown = true;
    }

    /**
     * Holds a gateway leg of a torn-down call until the caller's final response has gone out: cancelled
     * earlier, its 487 could reach the application first and be relayed to the caller instead of the 480.
     */
    void cancelAfterCaller(CallLeg leg) {
        cancelAfterCaller.add(leg);
    }

    /** The caller's INVITE got its final response: the held gateway legs, to cancel now. */
    List<CallLeg> callerAnswered() {
        callerAnswered = true;
        List<CallLeg> legs = new ArrayList<>(cancelAfterCaller);
        cancelAfterCaller.clear();
        return legs;
    }

    boolean isCallerAnswered() {
        return callerAnswered;
    }

    boolean isReleased() {
        return released;
    }

    /** Cancels every timer; the record is dead from here on and late timer runs see it so. */
    void release() {
        released = true;
        cancelCallTimer();
        attempts.values().forEach(GatewayAttempt::finish);
        attempts.clear();
    }
}
