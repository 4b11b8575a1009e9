package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.testing.ManualScheduler;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.setuptimeouts.internal.Fixtures.Leg;

/**
 * Calls being set up while the bundle is updated: the pending gateway attempts are kept with the host and the
 * next revision follows them on, each timeout at the time it was due. INVITE 10 s, Trying 20 s, Ringing 30 s.
 */
class SetupTakeoverTest {

    private static final String UDP = "SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final SettingsResolver resolver = mock(SettingsResolver.class);
    private final MemoryPolicyState host = new MemoryPolicyState();

    private SetupTimeoutPolicy revision(SipSettings settings) {
        when(resolver.resolve(any())).thenReturn(Fixtures.effective(settings, 500));
        when(resolver.global()).thenReturn(Fixtures.effective(SipSettings.DEFAULTS, 500));
        return new SetupTimeoutPolicy(resolver, scheduler, 1000, scheduler::nanoTime,
                new SetupState(host, scheduler::nanoTime));
    }

    private void advanceSeconds(double seconds) {
        scheduler.advance(Duration.ofMillis((long) (seconds * 1000)));
    }

    @Test
    void aRingingGatewayIsGivenUpWhenItsRingingTimeoutWasDueAndALaterResponseIsStillFollowed() {
        SetupTimeoutPolicy old = revision(Fixtures.settings(10, 20, 30, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);
        old.incomingRequest(Fixtures.initialInvite("caller"));
        old.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, UDP));
        old.incomingResponse(Fixtures.response(100, gateway.leg));
        advanceSeconds(5);
        old.stop();
        assertEquals(0, scheduler.queued(), "the old revision's timers are gone");
        assertEquals(1, host.legs().size(), "the attempt stays with the host");

        SetupTimeoutPolicy next = revision(Fixtures.settings(10, 20, 30, 0));
        assertEquals(1, next.restore());
        advanceSeconds(10);
        next.incomingResponse(Fixtures.response(180, gateway.leg));
        advanceSeconds(29.9);
        assertEquals(List.of(), gateway.ended, "ringing since 15 s: not before 45 s");
        advanceSeconds(0.2);
        assertEquals(List.of(408), gateway.ended);
        assertEquals(List.of("no answer after ringing"), gateway.reasons);
        assertTrue(host.legs().isEmpty(), "the given-up attempt's record is gone");
    }

    @Test
    void aTryingTimeoutDueDuringTheUpdateStillFiresAtItsTime() {
        SetupTimeoutPolicy old = revision(Fixtures.settings(10, 20, 30, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);
        old.incomingRequest(Fixtures.initialInvite("caller"));
        old.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, UDP));
        old.incomingResponse(Fixtures.response(100, gateway.leg));
        advanceSeconds(15);
        old.stop();
        SetupTimeoutPolicy next = revision(Fixtures.settings(10, 20, 30, 0));
        next.restore();
        advanceSeconds(4.9);
        assertEquals(List.of(), gateway.ended);
        advanceSeconds(0.2);
        assertEquals(List.of(408), gateway.ended, "20 s after the 100 Trying");
    }

    @Test
    void earlyHangupStillCountsFromTheCallersInvite() {
        SetupTimeoutPolicy old = revision(Fixtures.settings(10, 20, 120, 40));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);
        old.incomingRequest(Fixtures.initialInvite("caller"));
        old.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, UDP));
        old.incomingResponse(Fixtures.response(180, gateway.leg));
        old.outgoingResponse(Fixtures.response(180, caller.leg));
        advanceSeconds(25);
        old.stop();
        SetupTimeoutPolicy next = revision(Fixtures.settings(10, 20, 120, 40));
        next.restore();
        advanceSeconds(14.9);
        assertEquals(List.of(), caller.ended);
        advanceSeconds(0.2);
        assertEquals(List.of(480), caller.ended, "40 s after the INVITE arrived");
    }

    @Test
    void anAnsweredCallLeavesNothingToTakeUp() {
        SetupTimeoutPolicy old = revision(Fixtures.settings(10, 20, 30, 0));
        Leg caller = new Leg("caller", true, null);
        Leg gateway = new Leg("leg-1", false, caller.leg);
        old.incomingRequest(Fixtures.initialInvite("caller"));
        old.outgoingRequest(Fixtures.outgoingInvite(gateway.leg, UDP));
        old.incomingResponse(Fixtures.response(200, gateway.leg));
        assertTrue(host.legs().isEmpty());
        old.stop();
        assertEquals(0, revision(Fixtures.settings(10, 20, 30, 0)).restore());
    }

    @Test
    void aRecordOfAnotherFormatIsRefused() {
        Map<String, String> future = new HashMap<>(new SetupState.Attempt("c", GatewayAttempt.Phase.TRYING, 1L,
                EndReason.TRYING_TIMEOUT, 0L, Duration.ZERO, Duration.ofSeconds(20), Duration.ofSeconds(30), 500)
                .encode());
        assertEquals(GatewayAttempt.Phase.TRYING, SetupState.Attempt.decode(future).phase());
        future.put("v", "2");
        assertThrows(IllegalArgumentException.class, () -> SetupState.Attempt.decode(future));
    }
}
