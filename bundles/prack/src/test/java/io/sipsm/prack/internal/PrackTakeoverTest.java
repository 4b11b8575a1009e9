package io.sipsm.prack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessage;
import io.sipsm.host.testing.MemoryPolicyState;

/** A call ringing while the PRACK bundle is updated: its later provisionals still go reliably. */
class PrackTakeoverTest {

    private final MemoryPolicyState host = new MemoryPolicyState();
    private final SettingsResolver resolver = mock(SettingsResolver.class);
    private final CallLeg caller = mock(CallLeg.class);

    PrackTakeoverTest() {
        SipSettings d = SipSettings.DEFAULTS;
        SipSettings reliable = new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(),
                d.tryingTimeout(), d.ringingTimeout(), d.sessionUpdateSegment(), d.earlyHangup(),
                d.noTimerReinviteInterval(), d.publishExpire(), true, d.sessionExpires(), d.minSessionExpires(),
                d.sessionTimerEnabled(), d.noTimerReinviteEnabled(), d.setupTimeoutsEnabled(),
                d.publishExpiryEnabled());
        EffectiveSettings effective = mock(EffectiveSettings.class);
        when(effective.settings()).thenReturn(reliable);
        when(resolver.resolve(any(NewCall.class))).thenReturn(effective);
        when(caller.id()).thenReturn("session-a");
        when(caller.callId()).thenReturn("a");
        when(caller.application()).thenReturn("b2bua");
        when(caller.state()).thenReturn(CallLeg.State.EARLY);
    }

    private static InboundRequest invite() {
        InboundRequest request = mock(InboundRequest.class);
        when(request.method()).thenReturn("INVITE");
        when(request.callId()).thenReturn("a");
        when(request.isInitial()).thenReturn(true);
        when(request.requestDomain()).thenReturn("acme.example.com");
        when(request.remoteAddress()).thenReturn("192.0.2.7");
        when(request.headers("Require")).thenReturn(List.of());
        return request;
    }

    private SipMessage provisional(int status) {
        SipMessage response = mock(SipMessage.class);
        when(response.method()).thenReturn("INVITE");
        when(response.status()).thenReturn(status);
        when(response.callId()).thenReturn("a");
        when(response.leg()).thenReturn(Optional.of(caller));
        when(response.sendReliably(any())).thenReturn(true);
        return response;
    }

    @Test
    void aProvisionalAfterTheUpdateStillGoesReliably() {
        PrackPolicy old = new PrackPolicy(resolver, host);
        old.incomingRequest(invite());
        SipMessage first = provisional(183);
        old.outgoingResponse(first);
        verify(first).sendReliably(any());
        assertEquals(1, host.legs().size(), "the call's selectors kept on the caller's leg");

        PrackPolicy next = new PrackPolicy(resolver, host);
        SipMessage second = provisional(180);
        next.outgoingResponse(second);
        verify(second).sendReliably(any());

        SipMessage answer = provisional(200);
        next.outgoingResponse(answer);
        verify(answer, never()).sendReliably(any());
        assertTrue(host.legs().isEmpty(), "the final response releases the record");
    }

    @Test
    void aLegNoLongerBeingSetUpIsNotTakenUp() {
        PrackPolicy old = new PrackPolicy(resolver, host);
        old.incomingRequest(invite());
        old.outgoingResponse(provisional(183));
        when(caller.state()).thenReturn(CallLeg.State.CONFIRMED);
        PrackPolicy next = new PrackPolicy(resolver, host);
        SipMessage late = provisional(180);
        next.outgoingResponse(late);
        verify(late, never()).sendReliably(any());
    }
}
