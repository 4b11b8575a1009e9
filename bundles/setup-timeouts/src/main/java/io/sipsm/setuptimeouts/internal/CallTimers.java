package io.sipsm.setuptimeouts.internal;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.setuptimeouts.internal.GatewayAttempt.Phase;
import io.sipsm.setuptimeouts.internal.SetupDeadlines.Deadline;

/**
 * The policy's timers and what happens when they expire. Every timer task takes the record's lock, checks the
 * call still is where the timer was armed for (a response may have won the race), changes the state, and acts
 * on the legs after leaving the lock; {@link CallLeg#end} only queues the work, so nothing here blocks.
 *
 * <ul>
 * <li>A setup timeout gives the gateway attempt up with {@code end(408)}: before any response the host ends
 * the INVITE transaction as a timeout, after a provisional it sends CANCEL; either way the application sees
 * 408, which a routing application treats as a gateway failure and fails over on (the B2BUA's default set has
 * 408). With no gateway left the caller gets that 408.</li>
 * <li>Early hangup ends the caller's leg first, its pending INVITE answered {@value #EARLY_HANGUP_STATUS}, then
 * cancels every pending gateway INVITE with {@value #CANCELLED_STATUS}; a confirmed leg would get BYE.</li>
 * </ul>
 */
final class CallTimers {

    /** The status a gateway attempt is given up with: the one routing applications fail over on. */
    static final int GIVE_UP_STATUS = 408;

    /**
     * The status the caller gets when the whole call took too long. 480 Temporarily Unavailable says the
     * callee could not be reached now; 408 would invite an upstream router to re-route a call this switch has
     * already hunted for as long as the operator allows, restarting the wait the limit exists to cut short.
     */
    static final int EARLY_HANGUP_STATUS = 480;

    /**
     * What the application sees of a gateway INVITE cancelled by early hangup: 487 Request Terminated, the
     * natural outcome of a CANCEL. It is no failover status, so a routing application does not re-route a call
     * being torn down, and the host leaves it unchanged, so the container releases the leg as after any CANCEL.
     */
    static final int CANCELLED_STATUS = 487;

    /** How long a torn-down call is remembered, so a gateway attempt racing the teardown is ended too. */
    static final Duration TEARDOWN_LINGER = Duration.ofSeconds(5);

    /** How long gateway legs wait for the caller's final response to go out before they are cancelled anyway. */
    static final Duration CALLER_FINAL_WAIT = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(CallTimers.class);

    private final PolicyScheduler scheduler;
    private final CallTable table;
    private final EndCounters counters;
    private final LongSupplier nanoTime;
    private final SetupState kept;

    CallTimers(PolicyScheduler scheduler, CallTable table, EndCounters counters, LongSupplier nanoTime,
            SetupState kept) {
        this.kept = kept;
        this.scheduler = scheduler;
        this.table = table;
        this.counters = counters;
        this.nanoTime = nanoTime;
    }

    /** Arms the timeout of the attempt's phase; call under the record's lock. */
    void armSetupTimeout(CallRecord call, String legCallId, GatewayAttempt attempt, Deadline deadline) {
        Phase armedIn = attempt.phase();
        attempt.arm(scheduler.schedule(deadline.after(),
                () -> setupTimeoutExpired(call, legCallId, attempt, armedIn, deadline)));
        kept.saveAttempt(call, attempt, deadline);
    }

    /** Arms early hangup, counted from the call's initial INVITE; call under the record's lock. */
    void armEarlyHangup(CallRecord call) {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - call.startNanos());
        Duration left = call.settings().earlyHangup().minus(elapsed);
        call.armCallTimer(scheduler.schedule(left.isNegative() ? Duration.ZERO : left, () -> earlyHangup(call)));
    }

    /**
     * Call under the record's lock after an attempt ended. Without early hangup nothing else bounds a call whose attempts all ended but whose caller never got a
     * final response (the application neither failed over nor answered): release it after a while. Long
     * enough for a cancelled gateway's answer to arrive and the application to fail over (Timer F, 64·T1).
     */
    void armIdleGuardWhenIdle(CallRecord call) {
        if (call.inbound() != null && !call.hasPendingAttempts() && !call.settings().earlyHangupEnabled()) {
            call.armCallTimer(scheduler.schedule(call.deadlines().idleGuard(), () -> idle(call)));
        }
    }

    private void setupTimeoutExpired(CallRecord call, String legCallId, GatewayAttempt attempt, Phase armedIn,
            Deadline deadline) {
        synchronized (call) {
            if (call.isReleased() || call.isTornDown() || attempt.phase() != armedIn) {
                return;
            }
            call.removeAttempt(legCallId);
            table.unlink(legCallId, call);
            counters.count(deadline.reason());
            if (call.inbound() == null) {
                // The application placed this call itself: the attempt was the call.
                table.release(call);
            } else {
                armIdleGuardWhenIdle(call);
            }
        }
        LOG.debug("Call {}: gateway leg {} given up after {} s in {} ({}), ending it with {}", call.callId(),
                legCallId, deadline.after().toMillis() / 1000.0, armedIn, deadline.reason().label(), GIVE_UP_STATUS);
        attempt.leg().end(GIVE_UP_STATUS, deadline.reason().reasonText(), deadline.reason().recordReason());
    }

    private void earlyHangup(CallRecord call) {
        CallLeg caller;
        List<CallLeg> gateways;
        synchronized (call) {
            if (call.isReleased() || call.isTornDown()) {
                return;
            }
            call.markTornDown();
            counters.count(EndReason.EARLY_HANGUP);
            caller = call.inbound();
            gateways = call.attemptLegs();
            for (String legCallId : call.attemptCallIds()) {
                call.removeAttempt(legCallId);
                table.unlink(legCallId, call);
            }
            if (caller != null && caller.state() != CallLeg.State.TERMINATED) {
                // The gateways go once the caller's 480 is out (SetupTimeoutPolicy.outgoingResponse), so the
                // application, seeing the caller answered, neither re-routes nor relays their 487.
                gateways.forEach(call::cancelAfterCaller);
                gateways = List.of();
                call.armCallTimer(scheduler.schedule(CALLER_FINAL_WAIT, () -> callerFinalOverdue(call)));
            } else {
                // No caller to wait for: attempts racing the teardown are ended at once.
                callerAnsweredAfterTeardown(call);
            }
        }
        LOG.debug("Call {}: not set up after {} s, early hangup of the caller ({}) and its gateway legs",
                call.callId(), call.settings().earlyHangup().toSeconds(), caller == null ? "unknown" : "ending");
        if (caller != null) {
            caller.end(EARLY_HANGUP_STATUS, EndReason.EARLY_HANGUP.reasonText(), EndReason.EARLY_HANGUP.recordReason());
        }
        cancelGateways(gateways);
    }

    /** Cancels gateway legs of a torn-down call; the application sees their INVITEs terminated. */
    static void cancelGateways(List<CallLeg> gateways) {
        gateways.forEach(leg -> leg.end(CANCELLED_STATUS, EndReason.EARLY_HANGUP.reasonText(),
                EndReason.EARLY_HANGUP.recordReason()));
    }

    /**
     * The caller of a torn-down call got its final response: returns the held gateway legs, to cancel now
     * (outside the lock), and keeps the record only for the linger. Call under the record's lock.
     */
    List<CallLeg> callerAnsweredAfterTeardown(CallRecord call) {
        if (call.isCallerAnswered()) {
            return List.of();
        }
        call.armCallTimer(scheduler.schedule(TEARDOWN_LINGER, () -> lingerOver(call)));
        return call.callerAnswered();
    }

    /** The caller's final response never showed (its leg ended otherwise): cancel the gateways now. */
    private void callerFinalOverdue(CallRecord call) {
        List<CallLeg> gateways;
        synchronized (call) {
            if (call.isReleased()) {
                return;
            }
            gateways = callerAnsweredAfterTeardown(call);
        }
        cancelGateways(gateways);
    }

    private void lingerOver(CallRecord call) {
        synchronized (call) {
            table.release(call);
        }
    }

    private void idle(CallRecord call) {
        synchronized (call) {
            if (call.isReleased() || call.hasPendingAttempts()) {
                return;
            }
            LOG.debug("Call {}: no gateway attempt and no final response for the caller; no longer followed",
                    call.callId());
            counters.count(EndReason.FAILED);
            table.release(call);
        }
    }
}
