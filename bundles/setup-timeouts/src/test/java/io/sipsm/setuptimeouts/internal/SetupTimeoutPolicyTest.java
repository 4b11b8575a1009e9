package io.sipsm.setuptimeouts.internal;

import io.sipsm.host.SipMessage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.setuptimeouts.internal.Fixtures.Leg;

/** The policy driven by the messages a B2BUA call produces, on a hand-driven clock. */
class SetupTimeoutPolicyTest {

    private static final String UDP = "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SettingsResolver resolver = mock(SettingsResolver.class);
    private SetupTimeoutPolicy policy;

    private void settings(SipSettings settings) {
        settings(settings, 1000);
    }

    private void settings(SipSettings settings, int capacity) {
        when(resolver.resolve(any())).thenReturn(Fixtures.effective(settings, 500));
        when(resolver.global()).thenReturn(Fixtures.effective(SipSettings.DEFAULTS, 500));
        policy = new SetupTimeoutPolicy(resolver, scheduler, capacity, scheduler::nanoTime,
                new SetupState(new MemoryPolicyState(), scheduler::nanoTime));
    }

    private long count(EndReason reason) {
        return policy.statistics().endCounts().get(reason);
    }

    private void advanceSeconds(double seconds) {
        scheduler.advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    /** The caller's INVITE arrives and the application sends it on to a gateway on a new, linked leg. */
    private Leg callToGateway(Leg caller, String gatewayCallId) {
        policy.incomingRequest(Fixtures.initialInvite(caller.leg.callId()));
        return failOverTo(caller, gatewayCallId);
    }

    private Leg failOverTo(Leg caller, String gatewayCallId) {
        Leg gateway = new Leg(gatewayCallId, false, caller.leg);
        policy.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, UDP));
        return gateway;
    }

    private void assertNothingLeft() {
        assertEquals(0, policy.statistics().activeCalls(), "calls followed");
        assertEquals(0, scheduler.queued(), "timers queued");
    }

    @Test
    void silentGatewayIsGivenUpAtTheInviteTimeoutSoTheApplicationFailsOver() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg first = callToGateway(caller, "leg-1");

        advanceSeconds(9.9);
        assertEquals(List.of(), first.ended);
        advanceSeconds(0.1);

        assertEquals(List.of(408), first.ended);
        assertEquals(List.of("no response to the INVITE"), first.reasons);
        assertEquals(1, count(EndReason.INVITE_TIMEOUT));
        assertEquals(List.of(), caller.ended, "the caller waits for the next gateway");

        Leg second = failOverTo(caller, "leg-2");
        policy.incomingResponse(Fixtures.response(180, second.leg));
        policy.incomingResponse(Fixtures.response(200, second.leg));

        assertEquals(List.of(), second.ended);
        assertEquals(1, count(EndReason.ANSWERED));
        assertNothingLeft();
    }

    @Test
    void theGatewayInviteGoesOnTheCallsOwnResendListCutToTheRetryCount() {
        List<Duration> aggressive = List.of(Duration.ofMillis(500), Duration.ofMillis(500), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(2));
        settings(Fixtures.withResend(Fixtures.settings(60, 20, 120, 0), aggressive, 4));
        Leg caller = new Leg("caller", true, null);
        policy.incomingRequest(Fixtures.initialInvite(caller.leg.callId()));
        Leg gateway = new Leg("leg-1", false, caller.leg);
        SipMessage invite = Fixtures.outgoingInvite(gateway.leg, UDP);

        policy.outgoingRequest(invite);

        verify(invite).resendOn(aggressive.subList(0, 4));
        // Copies at 0.5, 1, 2, 3 s; given up half the last wait (1 s) after the last.
        advanceSeconds(3.49);
        assertEquals(List.of(), gateway.ended);
        advanceSeconds(0.01);
        assertEquals(List.of(408), gateway.ended);
        assertEquals(1, count(EndReason.RETRANSMISSIONS_SPENT));
    }

    @Test
    void overTcpTheHostsScheduleIsLeftAlone() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        policy.incomingRequest(Fixtures.initialInvite(caller.leg.callId()));
        SipMessage invite = Fixtures.outgoingInvite(new Leg("leg-1", false, caller.leg).leg,
                "SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK-1");

        policy.outgoingRequest(invite);

        verify(invite, never()).resendOn(any());
    }

    @Test
    void gatewayStuckAfter100IsGivenUpAtTheTryingTimeout() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        advanceSeconds(1);
        policy.incomingResponse(Fixtures.response(100, gateway.leg));

        advanceSeconds(19.9);
        assertEquals(List.of(), gateway.ended, "the INVITE timeout no longer applies after 100");
        advanceSeconds(0.1);

        assertEquals(List.of(408), gateway.ended);
        assertEquals(1, count(EndReason.TRYING_TIMEOUT));
    }

    @Test
    void gatewayRingingForeverIsGivenUpAtTheRingingTimeoutFromTheFirst180() {
        settings(Fixtures.settings(10, 20, 30, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(100, gateway.leg));
        advanceSeconds(2);
        policy.incomingResponse(Fixtures.response(180, gateway.leg));
        advanceSeconds(20);
        policy.incomingResponse(Fixtures.response(180, gateway.leg));
        policy.incomingResponse(Fixtures.response(183, gateway.leg));

        advanceSeconds(10);

        assertEquals(List.of(408), gateway.ended);
        assertEquals(List.of("no answer after ringing"), gateway.reasons);
        assertEquals(1, count(EndReason.RINGING_TIMEOUT));
    }

    @Test
    void lastGatewayFailingReleasesTheCallWhenTheCallerGetsItsFinalResponse() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        advanceSeconds(10);

        policy.outgoingResponse(Fixtures.response(408, caller.leg));

        assertEquals(1, count(EndReason.FAILED));
        assertNothingLeft();
    }

    @Test
    void callNotSetUpInTimeIsTornDownOnEveryLegAndForgotten() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(100, gateway.leg));
        policy.incomingResponse(Fixtures.response(180, gateway.leg));
        policy.outgoingResponse(Fixtures.response(180, caller.leg));

        advanceSeconds(4.9);
        assertEquals(List.of(), caller.ended);
        advanceSeconds(0.1);

        assertEquals(List.of(480), caller.ended);
        assertEquals(List.of("call not set up in time"), caller.reasons);
        assertEquals(List.of(), gateway.ended, "held until the caller's 480 is out");
        assertEquals(1, count(EndReason.EARLY_HANGUP));

        policy.outgoingResponse(Fixtures.response(480, caller.leg));

        assertEquals(List.of(487), gateway.ended, "the application sees its INVITE terminated, not failed");
        org.mockito.InOrder order = org.mockito.Mockito.inOrder(caller.leg, gateway.leg);
        order.verify(caller.leg).end(480, "call not set up in time");
        order.verify(gateway.leg).end(487, "call not set up in time");
        verify(caller.leg).end(480, "call not set up in time", io.sipsm.cdr.EndReason.EARLY_HANGUP);
        advanceSeconds(CallTimers.TEARDOWN_LINGER.toSeconds());
        assertNothingLeft();
        assertEquals(0, count(EndReason.FAILED), "the teardown is counted once, as early hangup");
    }

    @Test
    void callAnsweredJustBeforeTheEarlyHangupIsNeverTouched() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(180, gateway.leg));
        advanceSeconds(4.9);

        policy.incomingResponse(Fixtures.response(200, gateway.leg));
        policy.outgoingResponse(Fixtures.response(200, caller.leg));
        advanceSeconds(600);

        assertEquals(List.of(), caller.ended);
        assertEquals(List.of(), gateway.ended);
        assertEquals(1, count(EndReason.ANSWERED));
        assertNothingLeft();
    }

    @Test
    void earlyHangupCountsFromTheInviteArrivalNotFromTheFirstLegSeen() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        policy.incomingRequest(Fixtures.initialInvite("caller"));
        advanceSeconds(2);
        Leg gateway = failOverTo(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(180, gateway.leg));

        advanceSeconds(3);

        assertEquals(List.of(480), caller.ended);
    }

    @Test
    void earlyHangupReachesTheCallerKnownOnlyFromItsOwnResponses() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        policy.incomingRequest(Fixtures.initialInvite("caller"));
        policy.outgoingResponse(Fixtures.response(100, caller.leg));

        advanceSeconds(5);

        assertEquals(List.of(480), caller.ended);
    }

    @Test
    void gatewayAttemptRacingTheTeardownIsEndedWithTheOthers() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        Leg first = callToGateway(caller, "leg-1");
        advanceSeconds(5);

        Leg late = failOverTo(caller, "leg-2");
        policy.outgoingResponse(Fixtures.response(480, caller.leg));
        Leg later = failOverTo(caller, "leg-3");

        assertEquals(List.of(487), first.ended);
        assertEquals(List.of(487), late.ended);
        assertEquals(List.of(487), later.ended, "after the caller's 480 an attempt is ended at once");
        advanceSeconds(CallTimers.TEARDOWN_LINGER.toSeconds());
        assertNothingLeft();
    }

    @Test
    void gatewaysAreCancelledAnywayWhenTheCallersFinalResponseNeverShows() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        advanceSeconds(5);
        assertEquals(List.of(), gateway.ended);

        advanceSeconds(CallTimers.CALLER_FINAL_WAIT.toMillis() / 1000.0);

        assertEquals(List.of(487), gateway.ended);
        advanceSeconds(CallTimers.TEARDOWN_LINGER.toSeconds());
        assertNothingLeft();
    }

    @Test
    void gatewaysAreCancelledAtOnceWhenTheCallerIsAlreadyGone() {
        settings(Fixtures.settings(10, 20, 120, 5));
        Leg caller = new Leg("caller", true, null);
        when(caller.leg.state()).thenReturn(io.sipsm.host.CallLeg.State.TERMINATED);
        Leg gateway = callToGateway(caller, "leg-1");

        advanceSeconds(5);

        assertEquals(List.of(487), gateway.ended);
    }

    @Test
    void setupTimeoutDoesNotFireAfterTheAnswer() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(200, gateway.leg));

        advanceSeconds(300);

        assertEquals(List.of(), gateway.ended);
        assertNothingLeft();
    }

    @Test
    void tenantWithSetupTimeoutsOffIsNotFollowed() {
        settings(Fixtures.switchedOff(Fixtures.settings(10, 20, 120, 5)));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");

        advanceSeconds(600);

        assertEquals(List.of(), gateway.ended);
        assertEquals(List.of(), caller.ended);
        assertNothingLeft();
    }

    @Test
    void settingsAreResolvedOnceWithTheCallersDomainSourceAndApplication() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        advanceSeconds(10);
        failOverTo(caller, "leg-2");
        policy.incomingResponse(Fixtures.response(100, gateway.leg));

        verify(resolver).resolve(new NewCall("acme.example.com", "192.0.2.7", "b2bua"));
    }

    @Test
    void callPlacedByTheApplicationItselfIsOneAttempt() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg alone = new Leg("uac", false, null);
        policy.outgoingRequest(Fixtures.outgoingInvite(alone.leg, UDP));

        advanceSeconds(10);

        assertEquals(List.of(408), alone.ended);
        assertNothingLeft();
    }

    @Test
    void callWhoseApplicationNeitherFailsOverNorAnswersIsReleasedAfterTheGuard() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = callToGateway(caller, "leg-1");
        policy.incomingResponse(Fixtures.response(503, gateway.leg));
        assertEquals(1, policy.statistics().activeCalls());

        advanceSeconds(64 * 0.5 + 5);

        assertNothingLeft();
    }

    @Test
    void reInvitesAndOtherMethodsAreIgnored() {
        settings(Fixtures.settings(10, 20, 120, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);
        var reInvite = Fixtures.outgoingInvite(gateway.leg, UDP);
        when(reInvite.header("To")).thenReturn("<sip:alice@127.0.0.1:5070>;tag=gw");
        policy.outgoingRequest(reInvite);
        policy.outgoingRequest(Fixtures.message("OPTIONS", 0, "x", gateway.leg));

        advanceSeconds(600);

        verify(gateway.leg, never()).end(org.mockito.ArgumentMatchers.anyInt(), any());
        assertNothingLeft();
    }

    @Test
    void floodOfUnansweredCallsStaysWithinCapacityAndLeavesNothing() {
        settings(Fixtures.settings(2, 20, 120, 0), 100);
        for (int i = 0; i < 300; i++) {
            Leg caller = new Leg("caller-" + i, true, null);
            callToGateway(caller, "leg-" + i);
        }
        assertEquals(100, policy.statistics().activeCalls());
        assertTrue(count(EndReason.NOT_TRACKED) >= 200);

        advanceSeconds(2);
        assertEquals(100, count(EndReason.INVITE_TIMEOUT));
        advanceSeconds(64 * 0.5 + 5);

        assertNothingLeft();
        advanceSeconds(CallTable.ARRIVAL_TTL.toSeconds());
        policy.incomingRequest(Fixtures.initialInvite("after"));
        assertEquals(1, policy.statistics().pendingArrivals(), "unclaimed arrivals were dropped");
    }

    @Test
    void stopCancelsEveryTimer() {
        settings(Fixtures.settings(10, 20, 120, 5));
        callToGateway(new Leg("caller", true, null), "leg-1");

        policy.stop();

        assertNothingLeft();
    }
}
