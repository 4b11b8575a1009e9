package io.sipsm.setuptimeouts.internal;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessage;

/** Settings, legs and messages as the host would hand them to the policy. */
final class Fixtures {

    private Fixtures() {
    }

    /** The defaults with these timeouts in seconds; early hangup 0 is off. */
    static SipSettings settings(int invite, int trying, int ringing, int earlyHangup) {
        SipSettings d = SipSettings.DEFAULTS;
        return new SipSettings(d.resendIntervals(), d.sendRetry(), Duration.ofSeconds(invite),
                Duration.ofSeconds(trying), Duration.ofSeconds(ringing), d.sessionUpdateSegment(),
                Duration.ofSeconds(earlyHangup), d.noTimerReinviteInterval(), d.publishExpire(),
                d.reliableProvisionals(), d.sessionExpires(), d.minSessionExpires(), d.sessionTimerEnabled(),
                d.noTimerReinviteEnabled(), true, d.publishExpiryEnabled());
    }

    static SipSettings withResend(SipSettings s, List<Duration> intervals, int sendRetry) {
        return new SipSettings(intervals, sendRetry, s.inviteTimeout(), s.tryingTimeout(), s.ringingTimeout(),
                s.sessionUpdateSegment(), s.earlyHangup(), s.noTimerReinviteInterval(), s.publishExpire(),
                s.reliableProvisionals(), s.sessionExpires(), s.minSessionExpires(), s.sessionTimerEnabled(),
                s.noTimerReinviteEnabled(), s.setupTimeoutsEnabled(), s.publishExpiryEnabled());
    }

    static SipSettings switchedOff(SipSettings s) {
        return new SipSettings(s.resendIntervals(), s.sendRetry(), s.inviteTimeout(), s.tryingTimeout(),
                s.ringingTimeout(), s.sessionUpdateSegment(), s.earlyHangup(), s.noTimerReinviteInterval(),
                s.publishExpire(), s.reliableProvisionals(), s.sessionExpires(), s.minSessionExpires(),
                s.sessionTimerEnabled(), s.noTimerReinviteEnabled(), false, s.publishExpiryEnabled());
    }

    static EffectiveSettings effective(SipSettings settings, int t1Millis) {
        Map<SipKey, ValueSource> sources = new EnumMap<>(SipKey.class);
        for (SipKey key : SipKey.values()) {
            sources.put(key, ValueSource.DEFAULT);
        }
        ResendMapping resend = new ResendMapping(t1Millis, Math.max(t1Millis, 4000), true, "exact",
                settings.retransmissions(), settings.retransmissionWindow());
        return new EffectiveSettings(settings, sources, Optional.empty(), resend, List.of());
    }

    /** A leg whose {@code end} calls are recorded. */
    static final class Leg {
        final CallLeg leg = mock(CallLeg.class);
        final List<Integer> ended = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();

        Leg(String callId, boolean inbound, CallLeg peer) {
            when(leg.id()).thenReturn("session-" + callId);
            when(leg.callId()).thenReturn(callId);
            when(leg.application()).thenReturn("b2bua");
            when(leg.isInbound()).thenReturn(inbound);
            when(leg.state()).thenReturn(CallLeg.State.EARLY);
            when(leg.peer()).thenReturn(Optional.ofNullable(peer));
            org.mockito.Mockito.doAnswer(invocation -> {
                ended.add(invocation.getArgument(0));
                reasons.add(invocation.getArgument(1));
                return null;
            }).when(leg).end(org.mockito.ArgumentMatchers.anyInt(), org.mockito.ArgumentMatchers.anyString());
            // The policy names its reason for the call records; the interface's default carries on to the above.
            org.mockito.Mockito.doCallRealMethod().when(leg).end(org.mockito.ArgumentMatchers.anyInt(),
                    org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.any());
        }
    }

    static InboundRequest initialInvite(String callId) {
        InboundRequest request = mock(InboundRequest.class);
        when(request.method()).thenReturn("INVITE");
        when(request.callId()).thenReturn(callId);
        when(request.isInitial()).thenReturn(true);
        when(request.header("To")).thenReturn("<sip:alice@acme.example.com>");
        when(request.requestDomain()).thenReturn("acme.example.com");
        when(request.remoteAddress()).thenReturn("192.0.2.7");
        when(request.leg()).thenReturn(Optional.empty());
        return request;
    }

    /** The application's INVITE toward a gateway, on {@code leg}. */
    static SipMessage outgoingInvite(CallLeg leg, String via) {
        SipMessage request = message("INVITE", 0, leg.callId(), leg);
        when(request.header("To")).thenReturn("<sip:alice@127.0.0.1:5070>");
        when(request.header("Via")).thenReturn(via);
        return request;
    }

    static SipMessage response(int status, CallLeg leg) {
        return message("INVITE", status, leg.callId(), leg);
    }

    static SipMessage message(String method, int status, String callId, CallLeg leg) {
        SipMessage message = mock(SipMessage.class);
        when(message.method()).thenReturn(method);
        when(message.status()).thenReturn(status);
        when(message.callId()).thenReturn(callId);
        when(message.leg()).thenReturn(Optional.ofNullable(leg));
        return message;
    }
}
