package io.sipsm.setuptimeouts.internal;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.SipMessage;

/**
 * Setup timeouts and early hangup as plain Java, driven by the SIP messages of the host's applications.
 *
 * <p>A call is noted when its initial INVITE arrives (no application session exists yet) and followed from
 * the first message that shows one of its legs: a response the application or the container sends the caller,
 * or the application's own INVITE toward a gateway, whose linked peer is the caller's leg. Its settings are
 * resolved then, once, when the application is known. Each outgoing initial INVITE is a gateway attempt with
 * its own setup timeouts ({@link SetupDeadlines}); the call has early hangup counted from its arrival. The call
 * is forgotten when it is answered, when the caller gets a final response, or after a teardown.
 */
final class SetupTimeoutPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(SetupTimeoutPolicy.class);

    private final CallTable table;
    private final EndCounters counters = new EndCounters();
    private final CallTimers timers;
    private final CallStarter starter;

    private final SetupState kept;

    /** @param kept where pending gateway attempts outlive this revision of the bundle */
    SetupTimeoutPolicy(SettingsResolver resolver, PolicyScheduler scheduler, int capacity, LongSupplier nanoTime,
            SetupState kept) {
        this.kept = kept;
        this.table = new CallTable(capacity, nanoTime);
        this.timers = new CallTimers(scheduler, table, counters, nanoTime, kept);
        this.starter = new CallStarter(resolver, table, timers, counters, nanoTime);
    }

    /**
     * Takes up the calls a previous revision of the bundle followed, from their pending gateway attempts kept
     * with the host: each attempt in its phase with its timeout armed for the time left, the caller's leg found
     * as the attempt's linked peer, early hangup counted from the call's arrival as before.
     *
     * @return how many calls were taken up
     */
    int restore() {
        Map<String, CallRecord> calls = new HashMap<>();
        kept.attempts().forEach((leg, a) -> {
            CallRecord call = calls.computeIfAbsent(a.call(), id -> {
                SipSettings d = SipSettings.DEFAULTS;
                SipSettings settings = new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(),
                        a.trying(), a.ringing(), d.sessionUpdateSegment(), a.earlyHangup(),
                        d.noTimerReinviteInterval(), d.publishExpire(), d.reliableProvisionals(), d.sessionExpires(),
                        d.minSessionExpires(), d.sessionTimerEnabled(), d.noTimerReinviteEnabled(), true,
                        d.publishExpiryEnabled());
                CallRecord record = new CallRecord(id, settings, new SetupDeadlines(settings, a.t1Millis()),
                        a.start());
                return table.add(record) ? record : null;
            });
            if (call == null) {
                return;
            }
            synchronized (call) {
                leg.peer().ifPresent(call::inbound);
                GatewayAttempt attempt = new GatewayAttempt(leg, a.phase(), kept::forget);
                call.addAttempt(leg.callId(), attempt);
                table.link(leg.callId(), call);
                Duration left = Duration.ofNanos(Math.max(0, a.due() - kept.now()));
                timers.armSetupTimeout(call, leg.callId(), attempt, new SetupDeadlines.Deadline(left, a.reason()));
            }
        });
        calls.values().forEach(call -> {
            synchronized (call) {
                if (call.settings().earlyHangupEnabled()) {
                    timers.armEarlyHangup(call);
                }
            }
        });
        return calls.size();
    }

    /** An initial INVITE from the network: remember when it came, for early hangup. */
    void incomingRequest(InboundRequest request) {
        if (request.isInitial() && "INVITE".equals(request.method())
                && !table.arrived(request.callId(), request.requestDomain(), request.remoteAddress())) {
            counters.count(EndReason.NOT_TRACKED);
        }
    }

    /** A response to the caller's INVITE: shows the caller's leg; a final one ends the call's setup. */
    void outgoingResponse(SipMessage response) {
        if (!"INVITE".equals(response.method())) {
            return;
        }
        String callId = response.callId();
        CallRecord call = table.find(callId);
        if (call == null) {
            if (!table.isArrivalPending(callId)) {
                return;
            }
            if (response.status() >= 200) {
                // Settled before any leg showed: nothing to follow.
                table.claimArrival(callId);
                return;
            }
            Optional<CallLeg> leg = response.leg();
            if (leg.isEmpty() || (call = starter.follow(callId, leg.get().application())) == null) {
                return;
            }
        }
        List<CallLeg> heldGateways = List.of();
        synchronized (call) {
            if (call.isReleased() || !callId.equals(call.callId())) {
                return;
            }
            if (call.inbound() == null) {
                response.leg().ifPresent(call::inbound);
            }
            if (response.status() >= 200) {
                if (call.isTornDown()) {
                    heldGateways = timers.callerAnsweredAfterTeardown(call);
                } else {
                    counters.count(response.status() < 300 ? EndReason.ANSWERED : EndReason.FAILED);
                    table.release(call);
                }
            }
        }
        CallTimers.cancelGateways(heldGateways);
    }

    /** An INVITE the application sends: a new gateway attempt when it is initial. */
    void outgoingRequest(SipMessage request) {
        if (!"INVITE".equals(request.method()) || SipHeaders.hasTag(request.header("To"))) {
            return;
        }
        Optional<CallLeg> found = request.leg();
        if (found.isEmpty() || found.get().isInbound()) {
            return;
        }
        CallLeg leg = found.get();
        Optional<CallLeg> caller = leg.peer();
        String callerCallId = caller.map(CallLeg::callId).orElse(request.callId());
        CallRecord call = table.find(callerCallId);
        if (call == null) {
            boolean ownCall = caller.isEmpty() || table.isArrivalPending(callerCallId);
            if (!ownCall || (call = starter.follow(callerCallId, leg.application())) == null) {
                return;
            }
        }
        boolean lateForTeardown;
        synchronized (call) {
            if (call.isReleased()) {
                return;
            }
            caller.ifPresent(call::inbound);
            lateForTeardown = call.isTornDown() && call.isCallerAnswered();
            if (call.isTornDown() && !lateForTeardown) {
                call.cancelAfterCaller(leg);
            } else if (!call.isTornDown()) {
                startAttempt(call, request, leg);
            }
        }
        if (lateForTeardown) {
            LOG.debug("Call {}: INVITE {} sent after the early hangup; ending it", callerCallId, request.callId());
            leg.end(CallTimers.CANCELLED_STATUS, EndReason.EARLY_HANGUP.reasonText(),
                    EndReason.EARLY_HANGUP.recordReason());
        }
    }

    /** A response from a gateway: moves its attempt on, or ends it. */
    void incomingResponse(SipMessage response) {
        if (!"INVITE".equals(response.method())) {
            return;
        }
        String legCallId = response.callId();
        CallRecord call = table.find(legCallId);
        if (call == null) {
            return;
        }
        synchronized (call) {
            GatewayAttempt attempt = call.isReleased() ? null : call.attempt(legCallId);
            if (attempt == null) {
                return;
            }
            int status = response.status();
            if (status < 200) {
                if (attempt.provisional(status) != null) {
                    SetupDeadlines deadlines = call.deadlines();
                    timers.armSetupTimeout(call, legCallId, attempt,
                            status == 100 ? deadlines.trying() : deadlines.ringing());
                }
            } else if (status < 300) {
                counters.count(EndReason.ANSWERED);
                table.release(call);
            } else {
                attemptFailed(call, legCallId);
            }
        }
    }

    private void attemptFailed(CallRecord call, String legCallId) {
        call.removeAttempt(legCallId);
        table.unlink(legCallId, call);
        if (call.inbound() == null) {
            counters.count(EndReason.FAILED);
            table.release(call);
        } else {
            timers.armIdleGuardWhenIdle(call);
        }
    }

    private void startAttempt(CallRecord call, SipMessage invite, CallLeg leg) {
        GatewayAttempt attempt = new GatewayAttempt(leg, GatewayAttempt.Phase.CALLING, kept::forget);
        call.addAttempt(invite.callId(), attempt);
        table.link(invite.callId(), call);
        if (!call.settings().earlyHangupEnabled()) {
            call.cancelCallTimer();
        }
        boolean retransmitted = SipHeaders.isUdp(invite.header("Via"));
        if (retransmitted) {
            // The call's (tenant's) list, not the host's global one: the deadline below counts on it.
            invite.resendOn(call.settings().retransmissionWaits());
        }
        timers.armSetupTimeout(call, invite.callId(), attempt, call.deadlines().calling(retransmitted));
        LOG.debug("Call {}: INVITE {} to a gateway, setup timeouts {}/{}/{} s", call.callId(), invite.callId(),
                call.settings().inviteTimeout().toSeconds(), call.settings().tryingTimeout().toSeconds(),
                call.settings().ringingTimeout().toSeconds());
    }

    /**
     * Forgets every call and cancels every timer, as this revision of the policy stops; what the host keeps of
     * the pending attempts stays for the next revision (the host releases it when the bundle is uninstalled).
     */
    void stop() {
        kept.freeze();
        table.clear();
    }

    /** What the policy did and holds, for the shell and tests. */
    PolicyStatistics statistics() {
        return new PolicyStatistics(counters, table);
    }
}
