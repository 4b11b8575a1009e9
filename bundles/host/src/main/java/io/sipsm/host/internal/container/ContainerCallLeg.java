package io.sipsm.host.internal.container;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;
import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.DialogState;
import javax.sip.Transaction;
import javax.sip.TransactionState;
import javax.sip.header.CSeqHeader;
import javax.sip.message.Request;

import org.mobicents.servlet.sip.core.b2bua.MobicentsB2BUAHelper;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mobicents.servlet.sip.message.SipServletMessageImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPDialog;

import io.sipsm.cdr.EndReason;
import io.sipsm.cdr.ServerEnd;
import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/**
 * A call leg backed by the container's SIP session. Ending a leg goes through the session (so the container
 * and the application see it end) under the container's session lock; requests a policy sends in the dialog
 * go straight to the stack ({@link HostRequests}) and stay unknown to the application.
 */
final class ContainerCallLeg implements CallLeg {

    private static final Logger LOG = LoggerFactory.getLogger(ContainerCallLeg.class);

    private final MobicentsSipSession session;

    private ContainerCallLeg(MobicentsSipSession session) {
        this.session = session;
    }

    static Optional<CallLeg> of(Object sessionOrNull) {
        return sessionOrNull instanceof MobicentsSipSession s ? Optional.of(new ContainerCallLeg(s)) : Optional.empty();
    }

    @Override
    public String id() {
        return session.getId();
    }

    @Override
    public String callId() {
        return session.getCallId();
    }

    @Override
    public String application() {
        return ContextNames.INSTANCE.application(session.getKey().getApplicationName());
    }

    @Override
    public boolean isInbound() {
        return creatingRequest().map(r -> r.getTransaction() instanceof javax.sip.ServerTransaction).orElse(false);
    }

    @Override
    public State state() {
        if (!session.isValidInternal()) {
            return State.TERMINATED;
        }
        switch (session.getState()) {
            case CONFIRMED: return State.CONFIRMED;
            case TERMINATED: return State.TERMINATED;
            default: return State.EARLY;
        }
    }

    @Override
    public Optional<CallLeg> peer() {
        MobicentsB2BUAHelper b2bua = session.getB2buaHelper();
        if (b2bua == null) {
            return Optional.empty();
        }
        try {
            return of(b2bua.getLinkedSession(session));
        } catch (IllegalStateException e) {
            return Optional.empty();
        }
    }

    @Override
    public void send(String method, Map<String, String> headers, String contentType, byte[] body,
            Consumer<SipMessage> onFinalResponse) {
        Dialog dialog = session.getSessionCreatingDialog();
        if (dialog == null || state() != State.CONFIRMED) {
            throw new IllegalStateException("Leg " + callId() + " is not confirmed; " + method + " not sent");
        }
        HostRequests.send(dialog, method, headers, contentType, body, onFinalResponse);
    }

    @Override
    public void end(int status, String text) {
        end(status, text, EndReason.ENDED_BY_POLICY);
    }

    @Override
    public void end(int status, String text, EndReason why) {
        ServerEnd mark = new ServerEnd(why, EndingBundles.caller(), status, text, System.currentTimeMillis());
        String reason = "SIP;cause=" + status + ";text=\"" + text.replace("\"", "'") + "\"";
        session.getSipApplicationSession().getSipContext().getSipSessionsUtil()
                .scheduleAsynchronousWork(session.getId(), (SipSession s) -> endNow(status, reason, mark));
    }

    /** Runs under the session lock. */
    private void endNow(int status, String reason, ServerEnd mark) {
        try {
            State state = state();
            if (state == State.TERMINATED) {
                return;
            }
            markEnded(mark);
            if (state == State.CONFIRMED) {
                if (!canSendInDialog()) {
                    // Nothing can reach the peer any more: ending the leg is forgetting it.
                    LOG.debug("Leg {} of {}: its dialog can send nothing more; ended without a BYE ({})", id(),
                            callId(), reason);
                    session.getSipApplicationSession().invalidate();
                    return;
                }
                acknowledgeAnswer();
                SipServletRequest bye = session.createRequest("BYE");
                bye.setHeader("Reason", reason);
                HostResponses.markHostOriginated(bye);
                bye.send();
            } else if (isInbound()) {
                SipServletMessageImpl invite = creatingRequest().orElseThrow();
                SipServletResponse response = ((SipServletRequest) invite).createResponse(status);
                response.setHeader("Reason", reason);
                response.send();
            } else {
                abandonOutgoingInvite(status, reason);
            }
            LOG.debug("Leg {} of {} ended for a policy: {} {}", id(), callId(), status, reason);
        } catch (Exception | LinkageError e) {
            // Nothing may stay up: what the stack cannot end, the container forgets.
            LOG.warn("Could not end leg {} of call {} ({}): {}; its application session is discarded", id(),
                    callId(), reason, e.toString());
            LOG.debug("Ending leg {} failed", id(), e);
            if (session.getSipApplicationSession().isValid()) {
                session.getSipApplicationSession().invalidate();
            }
        }
    }

    /**
     * Whether the stack can still build a request in the leg's dialog (a BYE it builds even in a terminated
     * one). It cannot once it has released the dialog's references, which it does to a dialog lingering after
     * its end: under overload the caller's 2xx can go unacknowledged that long. The container would then log an
     * error with a stack trace for the BYE it cannot make.
     */
    private boolean canSendInDialog() {
        return !(session.getSessionCreatingDialog() instanceof SIPDialog dialog)
                || dialog.getLastResponseTopMostVia() != null;
    }

    /**
     * A B2BUA acknowledges a callee's 2xx when its caller acknowledges its own: an outgoing leg ended before
     * that gets the ACK first, so that the callee's INVITE completes and the BYE is in order.
     */
    private void acknowledgeAnswer() throws Exception {
        // A dialog the stack has terminated has released its transactions (and the id to find the first by):
        // there is no answer left to acknowledge, and the BYE goes without.
        if (isInbound() || !(session.getSessionCreatingDialog() instanceof SIPDialog dialog)
                || dialog.getState() == DialogState.TERMINATED
                || !(dialog.getFirstTransactionInt() instanceof ClientTransaction invite)
                || !Request.INVITE.equals(invite.getRequest().getMethod())) {
            return;
        }
        long cseq = ((CSeqHeader) invite.getRequest().getHeader(CSeqHeader.NAME)).getSeqNumber();
        if (dialog.isAckSent(cseq)) {
            return;
        }
        try {
            dialog.sendAck(dialog.createAck(cseq));
        } catch (javax.sip.SipException e) {
            // The stack holds no 2xx of that INVITE to acknowledge (after a glare it may have lost track): the BYE
            // must still go, or the call stays up for ever.
            LOG.debug("Leg {} of {}: no ACK before the BYE: {}", id(), callId(), e.getMessage());
        }
    }

    /**
     * CANCEL once the callee answered provisionally (RFC 3261 forbids it before); before that the transaction
     * is ended as if it had timed out, which the application sees as the container's own 408.
     */
    private void abandonOutgoingInvite(int status, String reason) throws Exception {
        SipServletMessageImpl invite = creatingRequest().orElseThrow();
        Transaction transaction = invite.getTransaction();
        if (!(transaction instanceof ClientTransaction client)) {
            return;
        }
        if (client.getState() == TransactionState.CALLING) {
            InterceptingDispatcher.abandon(client);
            return;
        }
        if (client.getState() == TransactionState.PROCEEDING) {
            HostResponses.rewriteFinalResponse(client, status);
            SipServletRequest cancel = ((SipServletRequest) invite).createCancel();
            cancel.setHeader("Reason", reason);
            HostResponses.markHostOriginated(cancel);
            cancel.send();
            giveUpIfNeverAnswered(client);
        }
    }

    /**
     * RFC 3261 section 9.1: without a final response 64·T1 after the CANCEL the INVITE counts as cancelled;
     * the stack would wait for ever, so the host ends the transaction as a timeout.
     */
    private static void giveUpIfNeverAnswered(ClientTransaction invite) {
        InterceptingDispatcher dispatcher = InterceptingDispatcher.running();
        dispatcher.timers().schedule(() -> {
            if (invite.getState() == TransactionState.PROCEEDING) {
                InterceptingDispatcher.abandon(invite);
            }
        }, 64L * dispatcher.getBaseTimerInterval(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /**
     * Leaves the call records' mark of why the host ended the leg on its session, the first time only; the
     * application's attribute listeners hear of it now, before the message that ends the leg leaves.
     */
    private void markEnded(ServerEnd mark) {
        if (session.isValidInternal() && session.getAttribute(ServerEnd.ATTRIBUTE) == null) {
            session.setAttribute(ServerEnd.ATTRIBUTE, mark);
        }
    }

    /**
     * Invalidates the application's session of a call the host ended behind the application's back (the
     * application may believe it answered), so nothing of it lingers.
     *
     * @param why the call records' reason, marked on the leg first
     */
    void discard(EndReason why, int status, String text) {
        ServerEnd mark = new ServerEnd(why, EndingBundles.caller(), status, text, System.currentTimeMillis());
        session.getSipApplicationSession().getSipContext().getSipSessionsUtil()
                .scheduleAsynchronousWork(session.getId(), (SipSession s) -> {
                    markEnded(mark);
                    if (s.getApplicationSession().isValid()) {
                        s.getApplicationSession().invalidate();
                    }
                });
    }

    private Optional<SipServletMessageImpl> creatingRequest() {
        return session.getSessionCreatingTransactionRequest() instanceof SipServletMessageImpl m
                ? Optional.of(m) : Optional.empty();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContainerCallLeg leg && leg.id().equals(id());
    }

    @Override
    public int hashCode() {
        return id().hashCode();
    }

    @Override
    public String toString() {
        return "leg " + id() + " of " + callId();
    }
}
