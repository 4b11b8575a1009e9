package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/**
 * The session-timer side of what the host sends. Initial INVITEs get our offer, the caller's Min-SE
 * considered. The 2xx to a caller's INVITE gets the negotiated terms and starts the leg's timer. In-dialog
 * requests and 2xx carry the leg's own terms. A B2BUA copies these headers from the other leg, so they are
 * replaced, never added to. The last SDP sent on each leg is noted for refresh re-INVITEs.
 */
final class OutgoingMessages {

    private static final Logger LOG = LoggerFactory.getLogger(OutgoingMessages.class);
    private static final Pattern TO_TAG = Pattern.compile(";\\s*tag\\s*=", Pattern.CASE_INSENSITIVE);

    private final SettingsResolver resolver;
    private final CallRegistry calls;

    OutgoingMessages(SettingsResolver resolver, CallRegistry calls) {
        this.resolver = resolver;
        this.calls = calls;
    }

    /** A request leaving the host. */
    void request(SipMessage request) {
        switch (request.method()) {
            case "INVITE" -> {
                String to = request.header("To");
                if (to == null || !TO_TAG.matcher(to).find()) {
                    initialOutgoingInvite(request);
                } else {
                    inDialogRequest(request);
                }
            }
            case "UPDATE" -> inDialogRequest(request);
            case "BYE" -> {
                LegTimer timer = calls.leg(request.callId());
                if (timer != null) {
                    request.resendOn(timer.resendList());
                }
                calls.forget(request.callId());
            }
            default -> { }
        }
    }

    private void initialOutgoingInvite(SipMessage request) {
        Optional<CallLeg> leg = request.leg();
        PendingInvite upstream = leg.flatMap(CallLeg::peer).map(peer -> calls.pending(peer.callId())).orElse(null);
        SipSettings settings = upstream != null ? upstream.settings()
                : resolver.resolve(new NewCall(TimerHeaders.domainOf(request.header("To")), null,
                        leg.map(CallLeg::application).orElse(null))).settings();
        Duration upstreamMinSe = upstream == null ? Negotiation.RFC_MIN_SE : upstream.minSeForNextHop();
        if (settings.sessionTimerEnabled()) {
            TimerHeaders.offer(request, Negotiation.offer(settings, upstreamMinSe),
                    Negotiation.offeredMinSe(settings, upstreamMinSe));
        } else {
            TimerHeaders.strip(request);
        }
        PendingInvite invite = new PendingInvite(settings, null, true, upstreamMinSe);
        invite.media().sent(request);
        calls.awaitAnswer(request.callId(), invite);
    }

    private void inDialogRequest(SipMessage request) {
        LegTimer timer = calls.leg(request.callId());
        if (timer == null) {
            return;
        }
        timer.media().sent(request);
        // Refreshes, keep-alives and the application's own re-INVITEs and UPDATEs go on the call's list.
        request.resendOn(timer.resendList());
        SessionTerms terms = timer.terms();
        if (terms == null) {
            TimerHeaders.strip(request);
        } else {
            Refresher refresher = terms.localRefresher() ? Refresher.UAC : Refresher.UAS;
            TimerHeaders.offer(request, SessionExpires.of(terms.interval(), refresher),
                    terms.minSe(timer.settings().minSessionExpires()));
        }
    }

    /** A response leaving the host. */
    void response(SipMessage response) {
        String callId = response.callId();
        String method = response.method();
        int status = response.status();
        PendingInvite invite = calls.pending(callId);
        if (invite != null && !invite.hostSentInvite() && "INVITE".equals(method)) {
            invite.media().sent(response);
            if (status >= 200 && status < 300) {
                calls.settle(callId);
                answerInvite(response, invite);
            } else if (status >= 300) {
                if (status == 422 && response.header(Negotiation.MIN_SE) == null && invite.minSeAskedDownstream() != null) {
                    response.setHeader(Negotiation.MIN_SE, Long.toString(invite.minSeAskedDownstream().toSeconds()));
                }
                calls.settle(callId);
            }
            return;
        }
        LegTimer timer = calls.leg(callId);
        if (timer == null || status < 200 || !("INVITE".equals(method) || "UPDATE".equals(method))) {
            return;
        }
        timer.answeredPeerRequest(TimerHeaders.cseqNumber(response), status < 300);
        if (status < 300) {
            timer.media().sent(response);
            SessionTerms terms = timer.terms();
            if (terms == null) {
                TimerHeaders.strip(response);
            } else {
                Refresher refresher = terms.localRefresher() ? Refresher.UAS : Refresher.UAC;
                TimerHeaders.answer(response, SessionExpires.of(terms.interval(), refresher), terms.peerSupportsTimer());
            }
        }
    }

    private void answerInvite(SipMessage response, PendingInvite invite) {
        Negotiated decision = invite.decision();
        if (decision instanceof Negotiated.Timer timer) {
            SessionTerms terms = timer.terms();
            Refresher refresher = terms.localRefresher() ? Refresher.UAS : Refresher.UAC;
            TimerHeaders.answer(response, SessionExpires.of(terms.interval(), refresher), terms.peerSupportsTimer());
        } else {
            TimerHeaders.strip(response);
        }
        response.leg().ifPresentOrElse(leg -> calls.watch(leg, invite, decision, TimerHeaders.cseqNumber(response)),
                () -> LOG.debug("2xx {} has no call leg; no session timer", response.callId()));
    }
}
