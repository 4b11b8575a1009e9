package io.sipsm.b2bua.internal;

import java.io.Serializable;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipApplicationSessionBindingEvent;
import javax.servlet.sip.SipApplicationSessionBindingListener;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipURI;
import javax.servlet.sip.TelURL;
import javax.servlet.sip.URI;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndDirection;
import io.sipsm.cdr.EndReason;
import io.sipsm.cdr.GatewayAttempt;
import io.sipsm.cdr.ServerEnd;

/**
 * What a call's record will say, written down as the call goes: an attribute of the call's application session,
 * so it lives exactly as long as the call. The container removes it when it invalidates the session, after every
 * leg has ended; that is when the record is complete and handed to the {@link CallRecorder}, once.
 *
 * <p>The first end seen decides the reason and the direction: a policy marks its end on the leg before its BYE
 * or CANCEL leaves ({@link ServerEnd}), so a BYE from the other side crossing it does not pass for a normal
 * clearing. Methods are synchronized: the legs' messages and the host's marks arrive on different threads.
 */
final class CallTrace implements SipApplicationSessionBindingListener, Serializable {

    private static final long serialVersionUID = 1L;
    private static final String ATTRIBUTE = "io.sipsm.b2bua.trace";

    private final CallRecord record = new CallRecord();
    private final String callerSessionId;
    /** The host's marks on gateway legs not yet answered, by leg Call-ID: they explain the failure that follows. */
    private final Map<String, ServerEnd> attemptMarks = new HashMap<>();
    private transient CallRecorder recorder;
    private boolean handedOver;

    private CallTrace(SipServletRequest invite, CallRecorder recorder, String tenant) {
        this.recorder = recorder;
        record.tenant = tenant == null || tenant.isEmpty() ? null : tenant;
        callerSessionId = invite.getSession().getId();
        record.recordId = CallRecord.newRecordId();
        record.application = RoutingB2buaServlet.APPLICATION_NAME;
        record.callerCallId = invite.getCallId();
        record.caller = user(invite.getFrom().getURI());
        record.callee = user(invite.getRequestURI());
        record.requestDomain = invite.getRequestURI() instanceof SipURI sip ? sip.getHost() : null;
        record.sourceAddress = invite.getRemoteAddr();
        record.inviteAt = System.currentTimeMillis();
    }

    /** Starts the trace of a new call of {@code tenant} (empty or null: none). */
    static void start(SipServletRequest invite, CallRecorder recorder, String tenant) {
        invite.getApplicationSession().setAttribute(ATTRIBUTE, new CallTrace(invite, recorder, tenant));
    }

    /** The call's trace; empty for a session this B2BUA did not start or that is gone. */
    static Optional<CallTrace> of(SipApplicationSession call) {
        try {
            return call != null && call.getAttribute(ATTRIBUTE) instanceof CallTrace trace ? Optional.of(trace)
                    : Optional.empty();
        } catch (IllegalStateException invalidated) {
            return Optional.empty();
        }
    }

    synchronized void attemptSent(String gateway, String legCallId) {
        GatewayAttempt attempt = new GatewayAttempt();
        attempt.gateway = gateway;
        attempt.callId = legCallId;
        attempt.sentAt = System.currentTimeMillis();
        record.attempts.add(attempt);
        record.calleeCallId = legCallId;
    }

    synchronized void provisionalRelayed() {
        if (record.firstProvisionalAt == 0) {
            record.firstProvisionalAt = System.currentTimeMillis();
        }
    }

    /** The final response of an attempt, as this B2BUA saw it (a status the host chose when it gave it up). */
    synchronized void attemptEnded(String legCallId, int status) {
        attempt(legCallId).filter(a -> a.endedAt == 0).ifPresent(attempt -> {
            attempt.endedAt = System.currentTimeMillis();
            attempt.status = status;
            ServerEnd mark = attemptMarks.get(legCallId);
            attempt.endReason = mark == null ? null : mark.reason;
        });
    }

    synchronized void answered(String legCallId, int status) {
        record.answeredAt = System.currentTimeMillis();
        record.finalStatus = status;
        record.calleeCallId = legCallId;
        attempt(legCallId).ifPresent(attempt -> record.answeringGateway = attempt.gateway);
    }

    /**
     * The caller's INVITE got a final error relayed from the gateway leg {@code legCallId}: every attempt has its
     * final status now, so the record is complete and handed over at once rather than when the container
     * discards the session.
     */
    void failed(String legCallId, int status, boolean failoverStatus, String reasonText) {
        synchronized (this) {
            ServerEnd mark = attemptMarks.get(legCallId);
            if (mark != null) {
                ended(mark.reason, EndDirection.SERVER, mark.endedBy, status, mark.text, System.currentTimeMillis());
            } else {
                ended(failoverStatus ? EndReason.FAILOVER_EXHAUSTED : EndReason.CALLEE_REJECTED, EndDirection.CALLEE,
                        null, status, reasonText, System.currentTimeMillis());
            }
        }
        handOver();
    }

    /** A BYE on an answered call, from the leg of the session {@code sessionId}. */
    synchronized void bye(String sessionId, String reasonText) {
        ended(EndReason.NORMAL_CLEARING, callerSessionId.equals(sessionId) ? EndDirection.CALLER
                : EndDirection.CALLEE, null, record.finalStatus, reasonText, System.currentTimeMillis());
    }

    synchronized void cancelled(String reasonText) {
        ended(EndReason.CALLER_CANCELLED, EndDirection.CALLER, null, 487, reasonText, System.currentTimeMillis());
    }

    /** This B2BUA itself answered the caller with an error (no gateway could be sent the INVITE): complete. */
    void refused(EndReason reason, int status, String text) {
        synchronized (this) {
            ended(reason, EndDirection.SERVER, null, status, text, System.currentTimeMillis());
        }
        handOver();
    }

    /**
     * The host ended a leg for a policy: on the caller's leg, or on an answered call, that ends the call; on a
     * gateway leg still being set up it explains the failure the B2BUA sees next, which may fail over.
     */
    synchronized void serverEnded(String sessionId, String legCallId, ServerEnd mark) {
        boolean answered = record.answeredAt > 0;
        if (callerSessionId.equals(sessionId) || answered) {
            ended(mark.reason, EndDirection.SERVER, mark.endedBy, answered ? record.finalStatus : mark.status,
                    mark.text, mark.at);
        } else {
            attemptMarks.put(legCallId, mark);
        }
    }

    private void ended(EndReason reason, EndDirection direction, String endedBy, int finalStatus, String reasonText,
            long at) {
        if (record.endReason != null) {
            return;
        }
        record.endReason = reason;
        record.endDirection = direction;
        record.endedBy = endedBy;
        if (record.answeredAt == 0) {
            record.finalStatus = finalStatus;
        }
        record.reasonText = reasonText;
        record.endedAt = at;
    }

    @Override
    public void valueBound(SipApplicationSessionBindingEvent event) {
        // the record starts in the constructor
    }

    /** The container discards the call's session: every leg has ended, the record is complete. */
    @Override
    public void valueUnbound(SipApplicationSessionBindingEvent event) {
        synchronized (this) {
            // A session that expired or was discarded without an end this B2BUA saw or was told of.
            ended(EndReason.OTHER, EndDirection.SERVER, null, record.finalStatus, null, System.currentTimeMillis());
        }
        handOver();
    }

    /** Posts the record, once, outside the lock (the recorder asks the settings service for the tenant). */
    private void handOver() {
        CallRecord complete;
        synchronized (this) {
            if (handedOver || recorder == null) {
                return;
            }
            handedOver = true;
            complete = record;
        }
        recorder.record(complete);
    }

    private Optional<GatewayAttempt> attempt(String legCallId) {
        for (int i = record.attempts.size() - 1; i >= 0; i--) {
            if (record.attempts.get(i).callId.equals(legCallId)) {
                return Optional.of(record.attempts.get(i));
            }
        }
        return Optional.empty();
    }

    private static String user(URI uri) {
        if (uri instanceof SipURI sip) {
            return sip.getUser();
        }
        return uri instanceof TelURL tel ? tel.getPhoneNumber() : null;
    }

    /** The text of a Reason header (RFC 3326), {@code text="..."}, or the whole value when it has none. */
    static String reasonText(String header) {
        if (header == null) {
            return null;
        }
        int text = header.indexOf("text=\"");
        if (text < 0) {
            return header;
        }
        int end = header.indexOf('"', text + 6);
        return end < 0 ? header.substring(text + 6) : header.substring(text + 6, end);
    }
}
