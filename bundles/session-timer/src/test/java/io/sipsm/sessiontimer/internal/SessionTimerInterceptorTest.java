package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.SipMessageInterceptor.Disposition;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.host.testing.FakeLeg;
import io.sipsm.host.testing.FakeMessage;

/** Negotiation through the interceptor: a B2BUA call, leg A from the caller and leg B to a gateway. */
class SessionTimerInterceptorTest {

    final ManualScheduler clock = new ManualScheduler();
    final SettingsResolver resolver = mock(SettingsResolver.class);
    final Statistics statistics = new Statistics();
    final CallRegistry calls = new CallRegistry(clock,
            new LegStates(new MemoryPolicyState(), clock::nanoTime), statistics, new SplittableRandom(1));
    final SessionTimerInterceptor interceptor = new SessionTimerInterceptor(resolver, calls, statistics);
    final FakeLeg legA = new FakeLeg("a", true, clock);
    final FakeLeg legB = new FakeLeg("b", false, clock);

    SessionTimerInterceptorTest() {
        use(Settings.of(90, 90, 2));
        FakeLeg.link(legA, legB);
    }

    void use(SipSettings settings) {
        EffectiveSettings effective = mock(EffectiveSettings.class);
        when(effective.settings()).thenReturn(settings);
        when(resolver.resolve(any())).thenReturn(effective);
    }

    String callerSupported = "timer";

    FakeMessage callerInvite(String sessionExpires) {
        FakeMessage invite = FakeMessage.request("INVITE", "a").with("To", "<sip:bob@acme.example.com>")
                .with("Supported", callerSupported).with("Allow", "INVITE, ACK, BYE, UPDATE").sdp("o=caller");
        return sessionExpires == null ? invite : invite.with("Session-Expires", sessionExpires);
    }

    /** The caller's INVITE, the B2BUA's INVITE to the gateway, the gateway's 2xx and the 2xx to the caller. */
    FakeMessage[] setUpCall(String callerSe, String gatewaySe) {
        assertEquals(Disposition.PASS, interceptor.incomingRequest(callerInvite(callerSe)));
        FakeMessage toGateway = FakeMessage.request("INVITE", "b").with("To", "<sip:bob@gw>")
                .with("Session-Expires", callerSe == null ? "1800" : callerSe).with("Supported", "timer").sdp("o=caller").on(legB);
        interceptor.outgoingRequest(toGateway);
        FakeMessage gatewayOk = FakeMessage.response(200, "INVITE", "b").with("Allow", "INVITE, ACK, BYE").on(legB)
                .with("CSeq", "1 INVITE").sdp("o=callee");
        if (gatewaySe != null) {
            gatewayOk.with("Session-Expires", gatewaySe).with("Require", "timer");
        }
        interceptor.incomingResponse(gatewayOk);
        FakeMessage callerOk = FakeMessage.response(200, "INVITE", "a").with("Session-Expires", "999;refresher=uac")
                .with("CSeq", "1 INVITE").sdp("o=callee").on(legA);
        interceptor.outgoingResponse(callerOk);
        return new FakeMessage[] { toGateway, callerOk };
    }

    @Test
    void tooSmallOfferIsAnswered422AndConsumed() {
        FakeMessage invite = callerInvite("60");
        assertEquals(Disposition.CONSUME, interceptor.incomingRequest(invite));
        assertEquals(422, invite.answer().status());
        assertEquals("90", invite.answer().headers().get("Min-SE"));
        assertEquals(1, statistics.get(Outcome.SENT_422));
        assertEquals(0, calls.pendingCount());
    }

    @Test
    void malformedOfferIsAnswered400WithoutAnException() {
        FakeMessage invite = callerInvite("ninety;refresher=uac");
        assertEquals(Disposition.CONSUME, interceptor.incomingRequest(invite));
        assertEquals(400, invite.answer().status());
        assertEquals(1, statistics.get(Outcome.SENT_400));
    }

    @Test
    void settingsAreResolvedFromTheRequestDomainAndSource() {
        interceptor.incomingRequest(callerInvite("90"));
        org.mockito.Mockito.verify(resolver).resolve(new NewCall("acme.example.com", "192.0.2.7", null));
    }

    @Test
    void bothLegsGetTheirOwnNegotiatedHeaders() {
        FakeMessage[] sent = setUpCall("1800", "90;refresher=uac");
        FakeMessage toGateway = sent[0];
        FakeMessage callerOk = sent[1];
        assertEquals(List.of("90;refresher=uac"), toGateway.raw("Session-Expires"));
        assertEquals("90", toGateway.header("Min-SE"));
        assertEquals(List.of("90;refresher=uas"), callerOk.raw("Session-Expires"));
        assertEquals(List.of("timer"), callerOk.headers("Require"));
        assertTrue(calls.leg("a").terms().localRefresher());
        assertTrue(calls.leg("b").terms().localRefresher());
        assertTrue(calls.leg("a").refreshesByUpdate());
        assertEquals(false, calls.leg("b").refreshesByUpdate());
    }

    @Test
    void hostRefreshesAtTheSegmentPointByUpdateOrReInviteWithTheCurrentSdp() {
        setUpCall("1800", "90;refresher=uac");
        clock.advanceSeconds(44.9);
        assertTrue(legA.sent().isEmpty());
        clock.advanceSeconds(0.1);
        assertEquals("UPDATE", legA.last().method());
        assertEquals("90;refresher=uac", legA.last().headers().get("Session-Expires"));
        assertNull(legA.last().body());
        assertEquals("INVITE", legB.last().method());
        assertEquals("o=caller", new String(legB.last().body()));
        assertEquals("application/sdp", legB.last().contentType());

        legA.last().answer(200, "Session-Expires", "90;refresher=uac");
        legB.last().answer(200, "Session-Expires", "120;refresher=uac");
        assertEquals(2, statistics.get(Outcome.REFRESHED));
        assertEquals(Duration.ofSeconds(120), calls.leg("b").terms().interval());
        clock.advanceSeconds(45);
        assertEquals(2, legA.sent().size());
        legA.last().answer(200);
        assertEquals(1, legB.sent().size());
        clock.advanceSeconds(15);
        assertEquals(2, legB.sent().size());
        assertTrue(legA.ended().isEmpty() && legB.ended().isEmpty());
    }

    @Test
    void peerRefreshesAndTheIntervalRestartsOnEachRefresh() {
        setUpCall("90;refresher=uac", "90;refresher=uas");
        clock.advanceSeconds(59);
        interceptor.incomingRequest(FakeMessage.request("UPDATE", "a").with("To", "<sip:b>;tag=1")
                .with("CSeq", "2 UPDATE").with("Session-Expires", "90;refresher=uac"));
        interceptor.outgoingResponse(FakeMessage.response(200, "UPDATE", "a").with("CSeq", "2 UPDATE").on(legA));
        interceptor.incomingRequest(FakeMessage.request("INVITE", "b").with("To", "<sip:b>;tag=2").with("CSeq", "2 INVITE"));
        interceptor.outgoingResponse(FakeMessage.response(200, "INVITE", "b").with("CSeq", "2 INVITE").on(legB));
        clock.advanceSeconds(59);
        assertTrue(legA.ended().isEmpty() && legB.ended().isEmpty());
        assertTrue(legA.sent().isEmpty() && legB.sent().isEmpty(), "the peer refreshes, not the host");
        clock.advanceSeconds(1);
        assertEquals(List.of(new FakeLeg.Ended(408, "session timer expired")), legA.ended());
        assertEquals(List.of(new FakeLeg.Ended(408, "session timer expired")), legB.ended());
        assertEquals(1, statistics.get(Outcome.EXPIRED), "one call, one expiry");
    }

    @Test
    void aPeerRequestRefreshesOnlyWhenItsTwoHundredLeaves() {
        setUpCall("90;refresher=uac", "90;refresher=uas");
        clock.advanceSeconds(59);
        interceptor.incomingRequest(FakeMessage.request("UPDATE", "a").with("To", "<sip:b>;tag=1")
                .with("CSeq", "2 UPDATE").with("Session-Expires", "90;refresher=uac"));
        interceptor.outgoingResponse(FakeMessage.response(500, "UPDATE", "a").with("CSeq", "2 UPDATE").on(legA));
        assertEquals(0, statistics.get(Outcome.REFRESHED), "a refused refresh refreshes nothing");
        clock.advanceSeconds(1);
        assertEquals(408, legA.ended().get(0).status(), "the session expires on the original schedule");
    }

    @Test
    void glareLeavesTheHostsRetryInPlaceAndTheRetrysTwoHundredRestartsTheTimer() {
        setUpCall("90", "90;refresher=uac");
        clock.advanceSeconds(45);
        assertEquals(1, legB.sent().size());
        legA.last().answer(200);
        // The gateway re-INVITEs at the same moment: the host answers it 491, the gateway answers ours 491.
        interceptor.incomingRequest(FakeMessage.request("INVITE", "b").with("To", "<sip:b>;tag=2")
                .with("CSeq", "7 INVITE").with("Session-Expires", "90;refresher=uas"));
        interceptor.outgoingResponse(FakeMessage.response(491, "INVITE", "b").with("CSeq", "7 INVITE").on(legB));
        legB.last().answer(491);
        assertEquals(1, statistics.get(Outcome.REFRESHED), "leg A's refresh only");
        assertEquals(1, statistics.get(Outcome.GLARE_RETRIED));
        // RFC 3261 section 14.1: the host made leg B's Call-ID, so it retries after 2.1 to 4 s.
        clock.advanceSeconds(2.0);
        assertEquals(1, legB.sent().size());
        clock.advanceSeconds(2.0);
        assertEquals(2, legB.sent().size(), "the retry went");
        assertEquals("90;refresher=uac", legB.last().headers().get("Session-Expires"));
        legB.last().answer(200, "Session-Expires", "90;refresher=uac");
        assertEquals(2, statistics.get(Outcome.REFRESHED));
        assertTrue(calls.leg("b").terms().localRefresher(), "the refresher the 491'd request proposed was not adopted");
        clock.advanceSeconds(41);
        legA.last().answer(200);
        clock.advanceSeconds(4);
        assertEquals(3, legB.sent().size(), "refreshing goes on after the glare");
        legB.last().answer(408);
        assertEquals(408, legB.ended().get(0).status());
        assertEquals(408, legA.ended().get(0).status());
    }

    @Test
    void aRefreshAfterAGatewayLoweredTheIntervalBelowOurMinSeStaysConsistent() {
        use(Settings.of(1800, 120, 2));
        setUpCall("1800", "90;refresher=uac");
        clock.advanceSeconds(45);
        FakeLeg.Sent refresh = legB.last();
        assertEquals("90;refresher=uac", refresh.headers().get("Session-Expires"));
        assertEquals("90", refresh.headers().get("Min-SE"), "Session-Expires >= Min-SE in one request");
        FakeMessage relayed = FakeMessage.request("UPDATE", "b").with("To", "<sip:b>;tag=2").on(legB);
        interceptor.outgoingRequest(relayed);
        assertEquals("90", relayed.header("Min-SE"));
    }

    @Test
    void inDialogRequestsOfAWatchedLegGoOnTheCallsResendList() {
        java.util.List<java.time.Duration> tenantList = java.util.List.of(java.time.Duration.ofMillis(500),
                java.time.Duration.ofMillis(500), java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(1));
        use(Settings.withResend(Settings.of(1800, 90, 2), tenantList, 3));
        setUpCall("1800", "90;refresher=uac");
        FakeMessage relayed = FakeMessage.request("UPDATE", "b").with("To", "<sip:b>;tag=2").on(legB);
        interceptor.outgoingRequest(relayed);
        assertEquals(tenantList.subList(0, 3), relayed.resendList());
        FakeMessage bye = FakeMessage.request("BYE", "b").with("To", "<sip:b>;tag=2").on(legB);
        interceptor.outgoingRequest(bye);
        assertEquals(tenantList.subList(0, 3), bye.resendList());
    }

    @Test
    void retransmitted2xxIsNoRefresh() {
        setUpCall("90", "90;refresher=uac");
        clock.advanceSeconds(30);
        // The gateway repeats its 2xx until the ACK arrives: not a refresh, the refresh stays at 45 s.
        interceptor.incomingResponse(FakeMessage.response(200, "INVITE", "b").with("CSeq", "1 INVITE").on(legB));
        assertEquals(0, statistics.get(Outcome.REFRESHED));
        clock.advanceSeconds(15);
        assertEquals(1, legB.sent().size());
        legB.last().answer(200);
        legA.last().answer(200);
        // A re-INVITE the application relayed on leg B counts once, however often its 2xx comes.
        clock.advanceSeconds(10);
        FakeMessage relayedOk = FakeMessage.response(200, "INVITE", "b").with("CSeq", "5 INVITE").on(legB);
        interceptor.incomingResponse(relayedOk);
        interceptor.incomingResponse(FakeMessage.response(200, "INVITE", "b").with("CSeq", "5 INVITE").on(legB));
        assertEquals(3, statistics.get(Outcome.REFRESHED));
        clock.advanceSeconds(44.9);
        assertEquals(1, legB.sent().size());
        clock.advanceSeconds(0.1);
        assertEquals(2, legB.sent().size());
    }

    @Test
    void gatewayWithoutTimersGetsKeepAliveReInvites() {
        use(Settings.with(90, 90, 2, true, true, 60));
        callerSupported = "100rel";
        setUpCall(null, null);
        assertNull(calls.leg("a").terms());
        assertNull(calls.leg("b").terms());
        clock.advanceSeconds(60);
        FakeLeg.Sent keepAlive = legB.last();
        assertEquals("INVITE", keepAlive.method());
        assertNull(keepAlive.headers().get("Session-Expires"));
        assertEquals("o=caller", new String(keepAlive.body()));
        keepAlive.answer(200);
        legA.last().answer(486);
        clock.advanceSeconds(60);
        assertEquals(2, legB.sent().size());
        legB.last().answer(408);
        assertEquals(1, statistics.get(Outcome.KEEPALIVE_FAILED));
        assertEquals(408, legB.ended().get(0).status());
        assertEquals(408, legA.ended().get(0).status());
        assertNull(calls.leg("a"));
        assertNull(calls.leg("b"));
    }

    @Test
    void inDialogRequestsOfTheApplicationCarryThisLegsTermsNotTheOtherLegs() {
        setUpCall("1800", "90;refresher=uas");
        FakeMessage relayed = FakeMessage.request("INVITE", "b").with("To", "<sip:bob@gw>;tag=9")
                .with("Session-Expires", "1800;refresher=uac").sdp("o=caller 2");
        interceptor.outgoingRequest(relayed);
        assertEquals(List.of("90;refresher=uas"), relayed.raw("Session-Expires"));
        FakeMessage answer = FakeMessage.response(200, "INVITE", "a").with("Session-Expires", "1800").on(legA);
        interceptor.outgoingResponse(answer);
        assertEquals("90;refresher=uas", answer.header("Session-Expires"));
    }

    @Test
    void a422FromTheGatewayIsCountedAndItsMinSeReachesTheCaller() {
        interceptor.incomingRequest(callerInvite("90"));
        interceptor.outgoingRequest(FakeMessage.request("INVITE", "b").with("To", "<sip:bob@gw>").on(legB));
        interceptor.incomingResponse(FakeMessage.response(422, "INVITE", "b").with("Min-SE", "300").on(legB));
        assertEquals(1, statistics.get(Outcome.RECEIVED_422));
        FakeMessage relayed = FakeMessage.response(422, "INVITE", "a").on(legA);
        interceptor.outgoingResponse(relayed);
        assertEquals("300", relayed.header("Min-SE"));
        assertEquals(0, calls.pendingCount());

        // The caller retries with Min-SE 300: the gateway is offered at least that, no 422 loop.
        interceptor.incomingRequest(callerInvite("300").with("Min-SE", "300"));
        FakeLeg retryLeg = new FakeLeg("c", false, clock);
        retryLeg.peer(legA);
        FakeMessage retry = FakeMessage.request("INVITE", "c").with("To", "<sip:bob@gw>").on(retryLeg);
        interceptor.outgoingRequest(retry);
        assertEquals("300;refresher=uac", retry.header("Session-Expires"));
        assertEquals("300", retry.header("Min-SE"));
    }

    @Test
    void byeForgetsBothLegsAndCancelsEveryTimer() {
        setUpCall("90", "90;refresher=uac");
        assertTrue(clock.queued() > 0);
        interceptor.incomingRequest(FakeMessage.request("BYE", "a").with("To", "<sip:b>;tag=1"));
        interceptor.outgoingRequest(FakeMessage.request("BYE", "b").with("To", "<sip:b>;tag=2"));
        assertNull(calls.leg("a"));
        assertNull(calls.leg("b"));
        assertEquals(0, clock.queued());
    }

    @Test
    void legsWhoseSessionsTheContainerDiscardedAreForgottenWithoutABye() {
        setUpCall("90", "90;refresher=uac");
        FakeLeg sameCallIdOtherLeg = new FakeLeg("b", false, clock);
        sameCallIdOtherLeg.id("another session");
        interceptor.legEnded(sameCallIdOtherLeg);
        assertNotNull(calls.leg("b"), "a leg is forgotten only for its own session");
        interceptor.legEnded(legA);
        interceptor.legEnded(legB);
        assertNull(calls.leg("a"));
        assertNull(calls.leg("b"));
        assertEquals(0, clock.queued());
    }

    @Test
    void unansweredInviteIsForgottenAfterItsSetupWindow() {
        interceptor.incomingRequest(callerInvite("90"));
        assertEquals(1, calls.pendingCount());
        clock.advance(Duration.ofSeconds(10 + 20 + 120).plus(CallRegistry.SETUP_SLACK));
        assertEquals(0, calls.pendingCount());
    }

    @Test
    void switchedOffTimersStripCopiedHeadersFromBothLegs() {
        use(Settings.with(1800, 90, 4, false, false, 7200));
        FakeMessage[] sent = setUpCall("1800", "1800;refresher=uac");
        assertNull(sent[0].header("Session-Expires"));
        assertNull(sent[0].header("Min-SE"));
        assertNull(sent[1].header("Session-Expires"));
        assertNull(calls.leg("a"));
        assertNull(calls.leg("b"));
    }
}
