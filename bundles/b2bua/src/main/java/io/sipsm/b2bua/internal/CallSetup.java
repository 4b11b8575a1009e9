package io.sipsm.b2bua.internal;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntPredicate;

import javax.servlet.sip.B2buaHelper;
import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipFactory;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.TelURL;
import javax.servlet.sip.TooManyHopsException;
import javax.servlet.sip.URI;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.EndReason;

/**
 * Sets a call up: relays the caller's initial INVITE to the first gateway and, while the call is not answered,
 * moves it to the next gateway when one fails. Each attempt is a fresh leg linked to the caller's session.
 * Gateways known to be unavailable are skipped unless every gateway is (see {@link FailoverDecision}).
 */
final class CallSetup {

    private static final Logger LOG = LoggerFactory.getLogger(CallSetup.class);

    /** RFC 4028's status, which JSR 289 names no constant for. */
    private static final int SC_SESSION_INTERVAL_TOO_SMALL = 422;

    private final SipFactory sipFactory;
    private final DialogRelay relay;
    private final AvailabilityLookup availability;
    private final CallFigures figures;
    private final CallRecorder recorder;

    CallSetup(SipFactory sipFactory, DialogRelay relay, AvailabilityLookup availability, CallFigures figures,
            CallRecorder recorder) {
        this.sipFactory = sipFactory;
        this.relay = relay;
        this.availability = availability;
        this.figures = figures;
        this.recorder = recorder;
    }

    /** Starts a call of {@code tenant} on the settings in force now; the call keeps them to its end. */
    void start(SipServletRequest invite, RoutingSettings settings, String tenant)
            throws IOException, TooManyHopsException {
        CallState.start(invite.getApplicationSession(), settings, invite.getCallId(), tenant);
        figures.attempted.increment(tenant);
        CallTrace.start(invite, recorder, tenant);
        LOG.debug("call {}: INVITE {} routed over {}", invite.getCallId(), invite.getRequestURI(),
                settings.gateways());
        IntPredicate available = availability.forCall(settings);
        if (!tryGatewaysFrom(invite, settings, FailoverDecision.firstGateway(settings, available), available)) {
            CallTrace.of(invite.getApplicationSession()).ifPresent(trace -> trace.refused(EndReason.NO_GATEWAY,
                    SipServletResponse.SC_SERVICE_UNAVAILABLE, "No Gateway Reachable"));
            invite.createResponse(SipServletResponse.SC_SERVICE_UNAVAILABLE, "No Gateway Reachable").send();
            figures.failed.increment(tenant, Integer.toString(SipServletResponse.SC_SERVICE_UNAVAILABLE));
        }
    }

    /** Handles a response to the INVITE of the leg being set up (see {@link CallState#isSetupResponse}). */
    void onResponse(SipServletResponse response) throws IOException, TooManyHopsException {
        SipApplicationSession call = response.getApplicationSession();
        int status = response.getStatus();
        if (status < 300) {
            // The first ringing or the answer ends the post-dial delay.
            CallState.setupSeconds(call).ifPresent(seconds -> figures.setup.observe(seconds, CallState.tenant(call),
                    CallState.gateway(call)));
        }
        Optional<CallTrace> trace = CallTrace.of(call);
        if (status < 200) {
            if (relay.response(response)) {
                trace.ifPresent(CallTrace::provisionalRelayed);
            }
            return;
        }
        trace.ifPresent(t -> t.attemptEnded(response.getCallId(), status));
        if (status < 300) {
            onAnswer(response, call);
        } else {
            onFailure(response, call);
        }
    }

    private void onAnswer(SipServletResponse answer, SipApplicationSession call) throws IOException {
        // Kept before the 2xx goes to the caller, whose ACK may come back at once on another thread.
        CallState.keepAnswer(answer);
        if (relay.response(answer)) {
            CallState.markAnswered(call);
            figures.answered.increment(CallState.tenant(call), CallState.gateway(call));
            CallTrace.of(call).ifPresent(trace -> trace.answered(answer.getCallId(), answer.getStatus()));
            return;
        }
        // The gateway answered after the caller left (a CANCEL crossed the 2xx): close the gateway's dialog.
        CallState.takeAnswer(answer.getSession());
        LOG.debug("call {}: {} from the gateway after the caller left; ending that leg", CallState.callId(answer),
                answer.getStatus());
        answer.createAck().send();
        answer.getSession().createRequest("BYE").send();
    }

    /** Counts the end of an answered call by the side whose BYE is the first seen. */
    void onBye(SipServletRequest bye) {
        figures.ended(bye.getApplicationSession(),
                CallState.isGatewayLeg(bye.getSession()) ? CallFigures.CALLEE : CallFigures.CALLER);
    }

    private void onFailure(SipServletResponse failure, SipApplicationSession call)
            throws IOException, TooManyHopsException {
        RoutingSettings settings = CallState.settings(call);
        int attempt = CallState.attempt(call);
        SipServletRequest callerInvite = failure.getRequest().getB2buaHelper()
                .getLinkedSipServletRequest(failure.getRequest());
        boolean callerGone = callerInvite == null || callerInvite.isCommitted() || CallState.isCancelled(call)
                || callerInvite.getSession().getState() == SipSession.State.TERMINATED;
        if (failure.getStatus() == SC_SESSION_INTERVAL_TOO_SMALL && !callerGone
                && failure.getHeader("Min-SE") != null && CallState.firstRetryAfter422(call)) {
            // The gateway asks a longer session interval: the same gateway again, once, with the session-timer
            // policy offering the Min-SE it asked for (RFC 4028 section 7.4). Not a gateway failure.
            LOG.debug("call {}: gateway {} answered 422 (Min-SE {}); retrying it once", CallState.callId(failure),
                    settings.gateways().get(attempt), failure.getHeader("Min-SE"));
            try {
                sendToGateway(callerInvite, settings, attempt);
                return;
            } catch (IOException | IllegalStateException | IllegalArgumentException e) {
                LOG.warn("call {}: could not send INVITE to gateway {} again: {}", callerInvite.getCallId(),
                        settings.gateways().get(attempt), e.toString());
            }
        }
        String tenant = CallState.tenant(call);
        figures.gatewayFailures.increment(tenant, settings.gateways().get(attempt).toString(),
                Integer.toString(failure.getStatus()));
        IntPredicate available = availability.forCall(settings);
        OptionalInt next = FailoverDecision.nextGateway(settings, failure.getStatus(), attempt,
                CallState.isAnswered(call), callerGone, available);
        LOG.debug("call {}: gateway {} answered {}; {}", CallState.callId(failure),
                settings.gateways().get(attempt), failure.getStatus(),
                next.isPresent() ? "failing over" : "no failover");
        if (next.isPresent() && tryGatewaysFrom(callerInvite, settings, next.getAsInt(), available)) {
            return;
        }
        if (relay.response(failure)) {
            figures.failed.increment(tenant, Integer.toString(failure.getStatus()));
            CallTrace.of(call).ifPresent(trace -> trace.failed(failure.getCallId(), failure.getStatus(),
                    settings.failoverStatuses().contains(failure.getStatus()),
                    CallTrace.reasonText(failure.getHeader("Reason"))));
        } else {
            LOG.debug("call {}: caller no longer waits for {}", CallState.callId(failure), failure.getStatus());
        }
    }

    /**
     * Sends the INVITE to {@code first}, else to the gateways that follow it (skipping unavailable ones) until
     * one takes it; false when none did.
     */
    private boolean tryGatewaysFrom(SipServletRequest callerInvite, RoutingSettings settings, int first,
            IntPredicate available) throws TooManyHopsException {
        OptionalInt index = OptionalInt.of(first);
        while (index.isPresent()) {
            try {
                sendToGateway(callerInvite, settings, index.getAsInt());
                return true;
            } catch (IOException | IllegalStateException | IllegalArgumentException e) {
                LOG.warn("call {}: could not send INVITE to gateway {}: {}", callerInvite.getCallId(),
                        settings.gateways().get(index.getAsInt()), e.toString());
            }
            index = FailoverDecision.following(settings, index.getAsInt(), available);
        }
        return false;
    }

    private void sendToGateway(SipServletRequest callerInvite, RoutingSettings settings, int index)
            throws IOException, TooManyHopsException {
        B2buaHelper helper = callerInvite.getB2buaHelper();
        if (DialogRelay.linkedSession(helper, callerInvite.getSession()) != null) {
            // The failed leg stays behind alone; its transaction ends by itself.
            helper.unlinkSipSessions(callerInvite.getSession());
        }
        Gateway gateway = settings.gateways().get(index);
        SipURI target = gatewayUri(callerInvite.getRequestURI(), settings, gateway);
        SipServletRequest invite = helper.createRequest(callerInvite, true, routeOverride(callerInvite, gateway));
        invite.setRequestURI(target);
        RelayedHeaders.bound(invite);
        List<String> allow = GatewayAllow.methods(callerInvite.getHeaders("Allow"));
        invite.removeHeader("Allow");
        // One method per header: the stack takes an Allow list element by element only.
        allow.forEach(method -> invite.addHeader("Allow", method));
        CallState.legStarted(callerInvite.getApplicationSession(), invite.getSession(), index);
        invite.send();
        figures.gatewayAttempts.increment(CallState.tenant(callerInvite.getApplicationSession()), gateway.toString());
        CallTrace.of(callerInvite.getApplicationSession())
                .ifPresent(trace -> trace.attemptSent(gateway.toString(), invite.getCallId()));
        LOG.debug("call {}: INVITE {} sent to gateway {} (leg Call-ID {})", callerInvite.getCallId(),
                invite.getRequestURI(), gateway, invite.getCallId());
    }

    /**
     * The container copies the caller's Route headers (those left after it took its own) to the new request,
     * where they would choose the next hop instead of the gateway: a caller could steer the host's INVITE
     * anywhere. Route is a system header, which an application may not remove, but the header map of {@link
     * B2buaHelper#createRequest(SipServletRequest, boolean, Map)} replaces it: with a loose route to the gateway
     * itself (RFC 3261 section 8.1.2: a preloaded route, which the gateway takes as naming it), so the INVITE
     * goes where the configuration says. Without a caller's Route nothing is added.
     */
    private Map<String, List<String>> routeOverride(SipServletRequest callerInvite, Gateway gateway) {
        if (callerInvite.getHeader("Route") == null) {
            return Map.of();
        }
        SipURI route = sipFactory.createSipURI(null, gateway.host());
        route.setPort(gateway.port());
        if (gateway.transport() != null) {
            route.setTransportParam(gateway.transport());
        }
        route.setLrParam(true);
        return Map.of("Route", List.of("<" + route + ">"));
    }

    /** {@code sip:<user>@host:port[;transport=x]}, the user taken from the caller's request URI. */
    private SipURI gatewayUri(URI callerUri, RoutingSettings settings, Gateway gateway) {
        String user = null;
        if (callerUri instanceof SipURI sip) {
            user = sip.getUser();
        } else if (callerUri instanceof TelURL tel) {
            user = tel.isGlobal() ? "+" + tel.getPhoneNumber() : tel.getPhoneNumber();
        }
        SipURI uri = sipFactory.createSipURI(escapeUser(settings.gatewayUser(user)), gateway.host());
        uri.setPort(gateway.port());
        if (gateway.transport() != null) {
            uri.setTransportParam(gateway.transport());
        }
        return uri;
    }

    /**
     * The user part as RFC 3261 (section 25.1) writes it: a caller's URI may carry escaped characters that the
     * container hands over unescaped ({@code sips%3Auser%40example.com}), and the container refuses, with an
     * error logged, to build a URI of them as they are.
     */
    static String escapeUser(String user) {
        if (user == null) {
            return null;
        }
        StringBuilder escaped = new StringBuilder(user.length());
        for (byte b : user.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-_.!~*'()&=+$,;?/".indexOf(c) >= 0)) {
                escaped.append(c);
            } else {
                escaped.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return escaped.toString();
    }
}
