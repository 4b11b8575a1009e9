package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.host.testing.FakeLeg;
import io.sipsm.host.testing.FakeMessage;

/** The refresh cycle of one leg where the host refreshes: glare, failures and teardown. */
class LegTimerTest {

    final ManualScheduler clock = new ManualScheduler();
    final Statistics statistics = new Statistics();
    final FakeLeg leg = new FakeLeg("b", false, clock);
    final FakeLeg peer = new FakeLeg("a", true, clock);
    final List<LegTimer> forgotten = new ArrayList<>();
    final List<String> forgottenCalls = new ArrayList<>();
    final LegMedia media = new LegMedia();
    final MemoryPolicyState hostState = new MemoryPolicyState();
    final LegStates states = new LegStates(hostState, clock::nanoTime);

    LegTimer timer(boolean allowsUpdate) {
        FakeLeg.link(leg, peer);
        media.sent(FakeMessage.request("INVITE", "b").sdp("o=host 1"));
        media.received(FakeMessage.response(200, "INVITE", "b").with("Allow", allowsUpdate ? "INVITE, UPDATE" : "INVITE"));
        LegTimer t = new LegTimer(leg, Settings.of(90, 90, 2), new SessionTerms(Duration.ofSeconds(90), true, true),
                media, clock, states, statistics, new SplittableRandom(3), forgotten::add, forgottenCalls::add);
        t.start();
        return t;
    }

    @Test
    void glareIsRetriedAfterTheOwnersBackoff() {
        timer(true);
        clock.advanceSeconds(45);
        leg.last().answer(491);
        assertEquals(1, statistics.get(Outcome.GLARE_RETRIED));
        clock.advanceSeconds(2.09);
        assertEquals(1, leg.sent().size(), "the Call-ID owner waits at least 2.1 s");
        clock.advanceSeconds(1.91);
        assertEquals(2, leg.sent().size());
        assertEquals("UPDATE", leg.last().method());
        leg.last().answer(200);
        assertEquals(1, statistics.get(Outcome.REFRESHED));
        assertTrue(leg.ended().isEmpty());
    }

    @Test
    void noAnswerToTheRefreshEndsBothLegsAtOnce() {
        timer(true);
        clock.advanceSeconds(45);
        leg.last().answer(408);
        assertEquals(List.of(new FakeLeg.Ended(408, "session refresh failed")), leg.ended());
        assertEquals(List.of(new FakeLeg.Ended(408, "session refresh failed")), peer.ended());
        assertEquals(1, forgotten.size());
        assertEquals(List.of("a"), forgottenCalls);
        assertEquals(0, clock.queued());
    }

    @Test
    void callGoneFromThePeerEndsBothLegsWith481() {
        timer(false);
        clock.advanceSeconds(45);
        leg.last().answer(481);
        assertEquals(481, peer.ended().get(0).status());
    }

    @Test
    void refusedRefreshLeavesTheSessionToExpire() {
        timer(true);
        clock.advanceSeconds(45);
        leg.last().answer(500);
        assertTrue(leg.ended().isEmpty());
        clock.advanceSeconds(15);
        assertEquals(List.of(new FakeLeg.Ended(408, "session timer expired")), leg.ended());
        assertEquals(1, peer.ended().size());
        assertEquals(1, statistics.get(Outcome.EXPIRED));
    }

    @Test
    void peerThatRejectsUpdateIsRefreshedByReInviteFromThenOn() {
        timer(true);
        clock.advanceSeconds(45);
        leg.last().answer(501);
        assertEquals("INVITE", leg.last().method());
        assertEquals("o=host 1", new String(leg.last().body()));
        leg.last().answer(200);
        clock.advanceSeconds(45);
        assertEquals("INVITE", leg.last().method());
    }

    @Test
    void refreshUsesTheLatestSdpTheHostSent() {
        timer(false);
        media.sent(FakeMessage.response(200, "INVITE", "b").sdp("o=host 2"));
        clock.advanceSeconds(45);
        assertEquals("o=host 2", new String(leg.last().body()));
    }

    @Test
    void legEndedElsewhereIsForgottenWhenItsTimerFires() {
        timer(true);
        leg.state(io.sipsm.host.CallLeg.State.TERMINATED);
        clock.advanceSeconds(45);
        assertTrue(leg.sent().isEmpty());
        assertEquals(1, forgotten.size());
        assertEquals(0, clock.queued());
    }
}
