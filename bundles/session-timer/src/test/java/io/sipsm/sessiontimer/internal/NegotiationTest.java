package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipSettings;

class NegotiationTest {

    private static final SipSettings OURS = Settings.of(1800, 120, 4);
    private static final List<String> TIMER = List.of("100rel", "timer");

    private static SessionTerms timer(Negotiated n) {
        return assertInstanceOf(Negotiated.Timer.class, n).terms();
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void intervalBelowOurMinSeGets422WithOurMinSe() {
        Negotiated n = Negotiation.answerInvite(OURS, "100", null, TIMER);
        assertEquals(new Negotiated.Reject(422, "Session Interval Too Small", Map.of("Min-SE", "120")), n);
    }

    @Test
    void intervalBelowOurMinSeGets422EvenWithoutTimerSupportSinceAProxyInsertedIt() {
        assertEquals(422, assertInstanceOf(Negotiated.Reject.class,
                Negotiation.answerInvite(OURS, "100", null, List.of())).status());
    }

    @Test
    void malformedHeadersGet400NamingTheHeader() {
        for (String value : List.of("soon", "abc", "-1", "100000000000000000000")) {
            Negotiated.Reject reject = assertInstanceOf(Negotiated.Reject.class,
                    Negotiation.answerInvite(OURS, value, null, TIMER));
            assertEquals(400, reject.status());
            assertEquals("Malformed Session-Expires Header", reject.reason());
        }
        for (String value : List.of("abc", "-5", "-1", "100000000000000000000")) {
            Negotiated.Reject reject = assertInstanceOf(Negotiated.Reject.class,
                    Negotiation.answerInvite(OURS, "1800", value, TIMER));
            assertEquals(400, reject.status());
            assertEquals("Malformed Min-SE Header", reject.reason());
        }
    }

    @Test
    void openRefresherWithTimerSupportElectsTheHost() {
        SessionTerms terms = timer(Negotiation.answerInvite(OURS, "1800", null, TIMER));
        assertEquals(new SessionTerms(s(1800), true, true), terms);
    }

    @Test
    void refresherTheCallerChoseIsKept() {
        assertEquals(new SessionTerms(s(1800), false, true), timer(Negotiation.answerInvite(OURS, "1800;refresher=uac", null, TIMER)));
        assertEquals(new SessionTerms(s(1800), true, true), timer(Negotiation.answerInvite(OURS, "1800;refresher=uas", null, TIMER)));
    }

    @Test
    void callerWithoutTimerSupportCannotRefreshSoTheHostDoes() {
        assertEquals(new SessionTerms(s(1800), true, false),
                timer(Negotiation.answerInvite(OURS, "1800;refresher=uac", null, List.of())));
    }

    @Test
    void largerIntervalIsLoweredToOursButNotBelowTheRequestsMinSe() {
        assertEquals(s(1800), timer(Negotiation.answerInvite(OURS, "7200", null, TIMER)).interval());
        assertEquals(s(3600), timer(Negotiation.answerInvite(OURS, "7200", "3600", TIMER)).interval());
        // Never raised above what the caller asked for.
        assertEquals(s(600), timer(Negotiation.answerInvite(OURS, "600", "90", TIMER)).interval());
    }

    @Test
    void noSessionExpiresStartsOurTimerOnlyForACallerThatSupportsIt() {
        assertEquals(new SessionTerms(s(1800), true, true), timer(Negotiation.answerInvite(OURS, null, null, TIMER)));
        assertEquals(new SessionTerms(s(2000), true, true), timer(Negotiation.answerInvite(OURS, null, "2000", TIMER)));
        assertInstanceOf(Negotiated.NoTimer.class, Negotiation.answerInvite(OURS, null, null, List.of("100rel")));
    }

    @Test
    void switchedOffMeansNoTimerAndNoRejection() {
        SipSettings off = Settings.with(1800, 120, 4, false, true, 7200);
        assertInstanceOf(Negotiated.NoTimer.class, Negotiation.answerInvite(off, "30", null, TIMER));
        assertInstanceOf(Negotiated.NoTimer.class, Negotiation.answerInvite(off, "junk", null, TIMER));
    }

    @Test
    void offerHonoursTheCallersMinSeSoA422IsNotAskedForTwice() {
        assertEquals("1800;refresher=uac", Negotiation.offer(OURS, s(90)).format());
        assertEquals("2400;refresher=uac", Negotiation.offer(OURS, s(2400)).format());
        assertEquals(s(120), Negotiation.offeredMinSe(OURS, s(90)));
        assertEquals(s(2400), Negotiation.offeredMinSe(OURS, s(2400)));
    }

    @Test
    void answerToOurInviteTellsWhoRefreshes() {
        assertEquals(new SessionTerms(s(900), true, true), timer(Negotiation.readAnswer(OURS, "900;refresher=uac", TIMER)));
        assertEquals(new SessionTerms(s(900), false, true), timer(Negotiation.readAnswer(OURS, "900;refresher=uas", List.of())));
        assertEquals(new SessionTerms(s(900), true, false), timer(Negotiation.readAnswer(OURS, "900", List.of())));
        assertInstanceOf(Negotiated.NoTimer.class, Negotiation.readAnswer(OURS, null, TIMER));
        assertInstanceOf(Negotiated.NoTimer.class, Negotiation.readAnswer(OURS, "x;refresher=uac", TIMER));
    }

    @Test
    void refreshMayChangeIntervalAndRefresher() {
        SessionTerms current = new SessionTerms(s(1800), true, true);
        assertEquals(current, Negotiation.afterRefresh(current, null, true));
        assertEquals(current, Negotiation.afterRefresh(current, "bad", true));
        assertEquals(new SessionTerms(s(600), true, true), Negotiation.afterRefresh(current, "600", true));
        // In the peer's request, uac is the peer.
        assertEquals(new SessionTerms(s(900), false, true), Negotiation.afterRefresh(current, "900;refresher=uac", false));
        assertEquals(new SessionTerms(s(900), true, true), Negotiation.afterRefresh(current, "900;refresher=uac", true));
    }
}
