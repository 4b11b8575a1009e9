package io.sipsm.sessiontimer.internal;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;

/**
 * Sees every message of UA-mode calls and keeps each leg's session timer. Incoming: answers initial INVITEs
 * that break the negotiation (400, 422), reads the callee's 2xx and 422, restarts a leg's interval on every
 * successful refresh (on its 2xx, RFC 4028 section 10), and forgets a leg on BYE or when the container discards its session. What the host
 * sends is {@link OutgoingMessages}' part. Each callback only reads headers, edits headers and touches
 * in-memory state.
 */
final class SessionTimerInterceptor implements SipMessageInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimerInterceptor.class);

    private final SettingsResolver resolver;
    private final CallRegistry calls;
    private final Statistics statistics;
    private final OutgoingMessages outgoing;

    SessionTimerInterceptor(SettingsResolver resolver, CallRegistry calls, Statistics statistics) {
        this.resolver = resolver;
        this.calls = calls;
        this.statistics = statistics;
        this.outgoing = new OutgoingMessages(resolver, calls);
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        switch (request.method()) {
            case "INVITE" -> {
                if (request.isInitial()) {
                    return initialInvite(request);
                }
                peerRequestedRefresh(request);
            }
            case "UPDATE" -> peerRequestedRefresh(request);
            case "BYE" -> calls.forget(request.callId());
            default -> { }
        }
        return Disposition.PASS;
    }

    private Disposition initialInvite(InboundRequest request) {
        SipSettings settings = resolver.resolve(new NewCall(request.requestDomain(),
                request.remoteAddress(), null)).settings();
        Negotiated decision = Negotiation.answerInvite(settings, request.header(SessionExpires.HEADER),
                request.header(Negotiation.MIN_SE), request.headers(TimerHeaders.SUPPORTED));
        if (decision instanceof Negotiated.Reject reject) {
            return reject(request, reject);
        }
        LOG.debug("INVITE {}: {}", request.callId(), decision);
        PendingInvite invite = new PendingInvite(settings, decision, false, requestMinSe(request));
        invite.media().received(request);
        calls.awaitAnswer(request.callId(), invite);
        return Disposition.PASS;
    }

    private Disposition reject(InboundRequest request, Negotiated.Reject reject) {
        try {
            request.respond(reject.status(), reject.reason(), reject.headers());
        } catch (RuntimeException e) {
            LOG.debug("INVITE {} could not be answered {}: {}", request.callId(), reject.status(), e.toString());
            return Disposition.PASS;
        }
        statistics.count(reject.status() == 422 ? Outcome.SENT_422 : Outcome.SENT_400);
        LOG.debug("INVITE {} answered {} {}", request.callId(), reject.status(), reject.reason());
        return Disposition.CONSUME;
    }

    /** A peer's re-INVITE or UPDATE: the session is refreshed when the host's 2xx to it leaves, not now. */
    private void peerRequestedRefresh(SipMessage request) {
        LegTimer timer = calls.leg(request.callId());
        long cseq = TimerHeaders.cseqNumber(request);
        if (timer != null && timer.isNewTransaction(false, cseq)) {
            timer.media().received(request);
            timer.peerRequestedRefresh(cseq, request.header(SessionExpires.HEADER));
        }
    }

    @Override
    public Disposition incomingResponse(SipMessage response) {
        String callId = response.callId();
        PendingInvite invite = calls.pending(callId);
        if (invite != null && invite.hostSentInvite() && "INVITE".equals(response.method())) {
            invite.media().received(response);
            int status = response.status();
            if (status >= 200 && status < 300) {
                calls.settle(callId);
                response.leg().ifPresentOrElse(leg -> calls.watch(leg, invite, Negotiation.readAnswer(
                        invite.settings(), response.header(SessionExpires.HEADER),
                        response.headers(TimerHeaders.SUPPORTED)), TimerHeaders.cseqNumber(response)),
                        () -> LOG.debug("2xx {} has no call leg; no session timer", callId));
            } else if (status == 422) {
                intervalTooSmall(response);
            } else if (status >= 300) {
                calls.settle(callId);
            }
            return Disposition.PASS;
        }
        LegTimer timer = calls.leg(callId);
        if (timer != null && isSuccessfulRefresh(response)
                && timer.isNewTransaction(true, TimerHeaders.cseqNumber(response))) {
            timer.media().received(response);
            SessionTerms terms = timer.terms();
            timer.refreshed(terms == null ? null
                    : Negotiation.afterRefresh(terms, response.header(SessionExpires.HEADER), true));
        }
        return Disposition.PASS;
    }

    /**
     * A callee found our interval too small. The SPI cannot resend the INVITE (an initial request is not in a
     * dialog, and only the application holds it), so the application sees the 422. The Min-SE asked for is kept
     * on the caller's pending INVITE: the application's next INVITE for that caller (the routing B2BUA sends
     * one, once) offers it, see {@link OutgoingMessages}; an application that relays the 422 instead gets the
     * Min-SE put on it, in case it dropped the header, and its caller's retry is honoured the same way.
     */
    private void intervalTooSmall(SipMessage response) {
        statistics.count(Outcome.RECEIVED_422);
        calls.settle(response.callId());
        Duration asked = requestMinSe(response);
        response.leg().flatMap(CallLeg::peer).map(peer -> calls.pending(peer.callId()))
                .ifPresent(upstream -> upstream.minSeAskedDownstream(asked));
        LOG.debug("INVITE {} got 422, callee asks Min-SE {}", response.callId(), asked);
    }

    @Override
    public void outgoingRequest(SipMessage request) {
        outgoing.request(request);
    }

    @Override
    public void outgoingResponse(SipMessage response) {
        outgoing.response(response);
    }

    @Override
    public void legEnded(CallLeg leg) {
        calls.ended(leg);
    }

    private static boolean isSuccessfulRefresh(SipMessage response) {
        String method = response.method();
        return response.status() >= 200 && response.status() < 300
                && ("INVITE".equals(method) || "UPDATE".equals(method));
    }

    /** The message's Min-SE, or RFC 4028's 90 s when it has none or one that cannot be read. */
    private static Duration requestMinSe(SipMessage message) {
        String value = message.header(Negotiation.MIN_SE);
        try {
            return value == null ? Negotiation.RFC_MIN_SE : SessionExpires.parseMinSe(value);
        } catch (MalformedHeaderException e) {
            return Negotiation.RFC_MIN_SE;
        }
    }
}
