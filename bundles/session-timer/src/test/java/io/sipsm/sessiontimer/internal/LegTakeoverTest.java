package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.host.testing.FakeLeg;
import io.sipsm.host.testing.FakeMessage;

/**
 * A leg taken over by the next revision of the bundle (an update mid-call): the record left with the host, the
 * old revision's timers cancelled, the new one's armed for the time left. Session-Expires 90 s, segment 2: the
 * host refreshes 45 s and expires the session 60 s after each (re)start.
 */
class LegTakeoverTest {

    final ManualScheduler clock = new ManualScheduler();
    final Statistics statistics = new Statistics();
    final FakeLeg leg = new FakeLeg("b", false, clock);
    final FakeLeg peer = new FakeLeg("a", true, clock);
    final MemoryPolicyState hostState = new MemoryPolicyState();
    final LegStates states = new LegStates(hostState, clock::nanoTime);

    /** The revision running before the update, watching one leg started at time 0. */
    CallRegistry oldRevision() {
        FakeLeg.link(leg, peer);
        CallRegistry calls = new CallRegistry(clock, states, statistics, new SplittableRandom(1));
        LegMedia media = new LegMedia();
        media.sent(FakeMessage.request("INVITE", "b").sdp("o=host 1"));
        media.received(FakeMessage.response(200, "INVITE", "b").with("Allow", "INVITE, UPDATE"));
        calls.watch(leg, Settings.of(90, 90, 2), new SessionTerms(Duration.ofSeconds(90), true, true), media, true, 1);
        return calls;
    }

    CallRegistry newRevision() {
        CallRegistry calls = new CallRegistry(clock, states, new Statistics(), new SplittableRandom(2));
        assertEquals(1, calls.takeUp());
        return calls;
    }

    @Test
    void theNewRevisionRefreshesAtTheOriginalTimeAndKeepsRefreshing() {
        CallRegistry old = oldRevision();
        clock.advanceSeconds(30);
        old.suspend();
        assertEquals(0, clock.queued(), "the old revision's timers are gone");
        assertEquals(1, hostState.legs().size(), "the record stays with the host");

        newRevision();
        clock.advanceSeconds(14.9);
        assertTrue(leg.sent().isEmpty());
        clock.advanceSeconds(0.2);
        assertEquals(1, leg.sent().size(), "refresh at 45 s, as if nothing happened");
        assertEquals("UPDATE", leg.last().method());
        assertEquals("90;refresher=uac", leg.last().headers().get(SessionExpires.HEADER));
        leg.last().answer(200, SessionExpires.HEADER, "90;refresher=uac");
        clock.advanceSeconds(45);
        assertEquals(2, leg.sent().size(), "the next refresh 45 s after the first");
    }

    @Test
    void theNewRevisionStillEndsBothLegsWhenTheSessionExpires() {
        CallRegistry old = oldRevision();
        clock.advanceSeconds(10);
        old.suspend();
        newRevision();
        clock.advanceSeconds(35.1);
        assertEquals(1, leg.sent().size());
        clock.advanceSeconds(14.8);
        assertTrue(leg.ended().isEmpty(), "not before 60 s");
        clock.advanceSeconds(0.2);
        assertEquals(LegTimer.EXPIRY_CAUSE, leg.ended().get(0).status());
        assertEquals(1, peer.ended().size());
        assertTrue(hostState.legs().isEmpty(), "an ended leg's record goes");
    }

    @Test
    void aRefreshAnsweredAfterTheUpdateIsFollowedByTheNewRevision() {
        CallRegistry old = oldRevision();
        clock.advanceSeconds(45.1);
        assertEquals(1, leg.sent().size());
        FakeLeg.Sent inFlight = leg.last();
        old.suspend();
        newRevision();
        clock.advanceSeconds(1);
        inFlight.answer(200, SessionExpires.HEADER, "90;refresher=uac");

        clock.advanceSeconds(44);
        assertEquals(1, leg.sent().size(), "no second refresh before 45 s after the answer");
        assertTrue(leg.ended().isEmpty(), "the session was refreshed: no expiry at 60 s");
        clock.advanceSeconds(1);
        assertEquals(2, leg.sent().size(), "the next refresh 45 s after the answer");
    }

    @Test
    void aRefreshNeverAnsweredIsSentAgainByTheNewRevisionBeforeExpiry() {
        CallRegistry old = oldRevision();
        clock.advanceSeconds(45.1);
        old.suspend();
        newRevision();
        clock.advanceSeconds(7.5);
        assertEquals(2, leg.sent().size(), "retried half-way to the expiry");
        leg.last().answer(200, SessionExpires.HEADER, "90;refresher=uac");
        clock.advanceSeconds(20);
        assertTrue(leg.ended().isEmpty());
    }

    @Test
    void aLegThatEndsNormallyLeavesNoRecord() {
        CallRegistry calls = oldRevision();
        calls.forget("b");
        assertTrue(hostState.legs().isEmpty());
        assertEquals(0, clock.queued());
    }
}
