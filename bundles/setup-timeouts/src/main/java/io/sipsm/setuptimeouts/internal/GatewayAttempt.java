package io.sipsm.setuptimeouts.internal;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;

/**
 * One outgoing INVITE of a call (a gateway attempt) and where its setup stands. Transitions, by the responses
 * the gateway sends: {@code CALLING --100--> TRYING --180/183--> RINGING --final--> done}; a 180/183 may come
 * straight from CALLING, and a 100 after ringing changes nothing. Each phase has its own timer, armed by
 * {@link CallRecord}; not thread-safe, guarded by the record's lock.
 */
final class GatewayAttempt {

    /** Where the attempt's INVITE stands. */
    enum Phase {
        /** Sent, no response yet: the stack is retransmitting it. */
        CALLING,
        /** 100 Trying received, no ringing yet. */
        TRYING,
        /** 180/183 (or another 1xx above 100) received, no final response yet. */
        RINGING,
        /** A final response arrived, or the policy gave the attempt up. */
        DONE
    }

    private final CallLeg leg;
    private final java.util.function.Consumer<CallLeg> onFinish;
    private Phase phase;
    private PolicyScheduler.Scheduled timer;

    GatewayAttempt(CallLeg leg) {
        this(leg, Phase.CALLING, done -> { });
    }

    /**
     * @param phase where the attempt stands: CALLING for a new one, the kept phase for one taken up
     * @param onFinish told the leg once the attempt is done, so its kept record goes
     */
    GatewayAttempt(CallLeg leg, Phase phase, java.util.function.Consumer<CallLeg> onFinish) {
        this.leg = leg;
        this.phase = phase;
        this.onFinish = onFinish;
    }

    CallLeg leg() {
        return leg;
    }

    Phase phase() {
        return phase;
    }

    boolean isPending() {
        return phase != Phase.DONE;
    }

    /**
     * Moves the attempt on after a provisional response.
     *
     * @return the new phase when it changed (the caller arms that phase's timer), otherwise null
     */
    Phase provisional(int status) {
        Phase next = status == 100 ? Phase.TRYING : Phase.RINGING;
        boolean moves = phase == Phase.CALLING || phase == Phase.TRYING && next == Phase.RINGING;
        if (!moves) {
            return null;
        }
        phase = next;
        return next;
    }

    /** The attempt has its final response or was given up: no timer is left behind. */
    void finish() {
        boolean wasPending = phase != Phase.DONE;
        phase = Phase.DONE;
        cancelTimer();
        if (wasPending) {
            onFinish.accept(leg);
        }
    }

    /** Replaces the running timer; the old one is cancelled so the scheduler drops it at once. */
    void arm(PolicyScheduler.Scheduled next) {
        cancelTimer();
        timer = next;
    }

    void cancelTimer() {
        if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }
}
