package io.sipsm.b2bua.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import javax.servlet.sip.B2buaHelper;
import javax.servlet.sip.Rel100Exception;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.UAMode;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries messages between the two legs of a call once the legs are linked: in-dialog requests (BYE,
 * re-INVITE, UPDATE, INFO, OPTIONS, ...), ACK for 2xx, PRACK, CANCEL and responses, bodies included.
 */
final class DialogRelay {

    private static final Logger LOG = LoggerFactory.getLogger(DialogRelay.class);

    /** End-to-end response headers a caller needs to act on the answer (retry, renegotiate, give up). */
    private static final List<String> RESPONSE_HEADERS =
            List.of("Allow", "Accept", "Unsupported", "Retry-After", "Warning", "Reason", "Min-SE");

    /** Relays an in-dialog request to the other leg; its response comes back through {@link #response}. */
    void request(SipServletRequest request) throws IOException {
        if ("BYE".equals(request.getMethod())) {
            CallTrace.of(request.getApplicationSession()).ifPresent(trace -> trace.bye(request.getSession().getId(),
                    CallTrace.reasonText(request.getHeader("Reason"))));
        }
        B2buaHelper helper = request.getB2buaHelper();
        SipSession peer = linkedSession(helper, request.getSession());
        try {
            if (peer != null) {
                SipServletRequest out = helper.createRequest(peer, request, null);
                RelayedHeaders.bound(out);
                copyBody(request, out);
                out.send();
                LOG.debug("call {}: relayed {}", CallState.callId(request), request.getMethod());
                return;
            }
        } catch (IllegalStateException | IllegalArgumentException peerGone) {
            LOG.debug("call {}: other leg cannot take {}: {}", CallState.callId(request), request.getMethod(),
                    peerGone.getMessage());
        }
        // A BYE crossing the other side's BYE still ends the call; anything else has no dialog to go to.
        int status = "BYE".equals(request.getMethod()) ? SipServletResponse.SC_OK
                : SipServletResponse.SC_CALL_LEG_DONE;
        request.createResponse(status).send();
    }

    /**
     * Sends the ACK for the 2xx the caller acknowledges, with the caller's body (an answer to a late offer). The
     * container lists the callee's 2xx among the leg's pending messages; under load it sometimes no longer does when
     * the caller's ACK comes (ClusterIT, a host carrying every call while the other booted: 1 call in 3,816, the
     * gateway got the caller's BYE and never an ACK), so the 2xx of the initial INVITE is also kept on the leg
     * ({@link CallState#keepAnswer}) and acknowledged from there.
     */
    void ack(SipServletRequest ack) throws IOException {
        B2buaHelper helper = ack.getB2buaHelper();
        SipSession peer = linkedSession(helper, ack.getSession());
        if (peer == null) {
            LOG.info("call {}: ACK with no other leg to acknowledge on", CallState.callId(ack));
            return;
        }
        SipServletResponse kept = CallState.takeAnswer(peer);
        for (SipServletMessage pending : helper.getPendingMessages(peer, UAMode.UAC)) {
            if (pending instanceof SipServletResponse answer && "INVITE".equals(answer.getMethod())
                    && answer.getStatus() / 100 == 2) {
                acknowledge(answer, ack);
                return;
            }
        }
        if (kept == null) {
            // Not a retransmission (the stack absorbs those): the callee's 2xx goes unacknowledged, and the callee
            // will end the call after 64*T1.
            LOG.info("call {}: ACK with no 2xx waiting for it on the other leg ({})", CallState.callId(ack),
                    peer.getState());
            return;
        }
        try {
            acknowledge(kept, ack);
            LOG.info("call {}: the callee's 2xx acknowledged from the answer kept on its leg (the container listed it"
                    + " no longer)", CallState.callId(ack));
        } catch (RuntimeException | IOException e) {
            // Acknowledged already, or its dialog gone (the leg ended meanwhile): nothing left to send.
            LOG.info("call {}: the callee's 2xx kept on its leg could not be acknowledged: {}", CallState.callId(ack),
                    e.toString());
        }
    }

    private static void acknowledge(SipServletResponse answer, SipServletRequest callersAck) throws IOException {
        SipServletRequest out = answer.createAck();
        copyBody(callersAck, out);
        out.send();
    }

    /** PRACKs the reliable provisional response the caller acknowledges; RFC 3262 allows one at a time. */
    void prack(SipServletRequest prack) throws IOException {
        B2buaHelper helper = prack.getB2buaHelper();
        SipSession peer = linkedSession(helper, prack.getSession());
        if (peer != null) {
            for (SipServletMessage pending : helper.getPendingMessages(peer, UAMode.UAC)) {
                if (pending instanceof SipServletResponse provisional && isReliableProvisional(provisional)) {
                    try {
                        SipServletRequest out = provisional.createPrack();
                        copyBody(prack, out);
                        out.send();
                        return;
                    } catch (Rel100Exception notReliable) {
                        break; // the container disagrees that it was sent reliably: nothing to acknowledge
                    }
                }
            }
        }
        LOG.debug("call {}: PRACK matches no reliable provisional response", CallState.callId(prack));
        prack.createResponse(SipServletResponse.SC_CALL_LEG_DONE).send();
    }

    /** Cancels the INVITE pending on the other leg; the container has already answered the caller 200/487. */
    void cancel(SipServletRequest cancel) throws IOException {
        CallState.markCancelled(cancel.getApplicationSession());
        CallTrace.of(cancel.getApplicationSession())
                .ifPresent(trace -> trace.cancelled(CallTrace.reasonText(cancel.getHeader("Reason"))));
        B2buaHelper helper = cancel.getB2buaHelper();
        SipSession peer = linkedSession(helper, cancel.getSession());
        SipServletRequest out = peer == null ? null : helper.createCancel(peer);
        if (out == null) {
            LOG.debug("call {}: CANCEL with no INVITE pending on the other leg", CallState.callId(cancel));
            return;
        }
        copyHeader(cancel, out, "Reason");
        // Before the gateway's first provisional response the container holds this back and sends it then.
        out.send();
        LOG.debug("call {}: relayed CANCEL", CallState.callId(cancel));
    }

    /**
     * Relays a response to the request it answers on the other leg.
     *
     * @return false when nothing there can take it any more (answered, cancelled, or no such request)
     */
    boolean response(SipServletResponse response) throws IOException {
        SipServletRequest peerRequest = peerRequest(response);
        if (peerRequest == null || peerRequest.isCommitted()) {
            return false;
        }
        SipServletResponse out;
        try {
            out = peerRequest.createResponse(response.getStatus(), response.getReasonPhrase());
        } catch (IllegalStateException alreadyAnswered) {
            return false; // e.g. the caller's CANCEL was answered 487 by the container meanwhile
        }
        copyBody(response, out);
        RESPONSE_HEADERS.forEach(name -> copyHeader(response, out, name));
        if (isReliableProvisional(response)) {
            sendReliably(out, response);
        } else {
            out.send();
        }
        LOG.debug("call {}: relayed {} to {}", CallState.callId(response), response.getStatus(),
                response.getMethod());
        return true;
    }

    /** Relays a reliable 1xx reliably; to a caller without 100rel it goes plain and this B2BUA PRACKs it. */
    private static void sendReliably(SipServletResponse out, SipServletResponse received) throws IOException {
        try {
            out.sendReliably();
        } catch (Rel100Exception callerLacks100rel) {
            out.send();
            try {
                received.createPrack().send();
            } catch (Rel100Exception notReliable) {
                LOG.debug("call {}: cannot PRACK {}: {}", CallState.callId(received), received.getStatus(),
                        notReliable.getMessage());
            }
        }
    }

    /** The request on the other leg a response answers, or null. */
    private static SipServletRequest peerRequest(SipServletResponse response) {
        B2buaHelper helper = response.getRequest().getB2buaHelper();
        SipServletRequest linked = helper.getLinkedSipServletRequest(response.getRequest());
        if (linked != null) {
            return linked;
        }
        // Requests this B2BUA made itself (PRACK via createPrack) are not linked: match the pending one by method.
        SipSession peer = linkedSession(helper, response.getSession());
        if (peer != null) {
            for (SipServletMessage pending : helper.getPendingMessages(peer, UAMode.UAS)) {
                if (pending instanceof SipServletRequest request && request.getMethod().equals(response.getMethod())) {
                    return request;
                }
            }
        }
        return null;
    }

    /** The session linked to this one, or null when there is none or it is no longer valid. */
    static SipSession linkedSession(B2buaHelper helper, SipSession session) {
        try {
            SipSession peer = helper.getLinkedSession(session);
            return peer != null && peer.isValid() ? peer : null;
        } catch (IllegalArgumentException invalidSession) {
            return null;
        }
    }

    private static boolean isReliableProvisional(SipServletResponse response) {
        return response.getStatus() > 100 && response.getStatus() < 200 && response.getHeader("RSeq") != null;
    }

    static void copyBody(SipServletMessage from, SipServletMessage to) throws IOException {
        if (from.getContentLength() > 0 && from.getContentType() != null) {
            to.setContent(from.getRawContent(), from.getContentType());
        }
    }

    private static void copyHeader(SipServletMessage from, SipServletMessage to, String name) {
        List<String> values = new ArrayList<>();
        from.getHeaders(name).forEachRemaining(values::add);
        if (!values.isEmpty() && values.stream().allMatch(RelayedHeaders::fits)) {
            to.removeHeader(name);
            values.forEach(value -> to.addHeader(name, value));
        }
    }
}
