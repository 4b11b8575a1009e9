package io.sipsm.host.internal.prack;

import java.lang.reflect.Field;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.header.RAckHeader;
import javax.sip.header.RSeqHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.SupportedHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.stack.SIPServerTransactionImpl;

import io.sipsm.host.internal.sip.JainSipMessage;

/**
 * RFC 3262 for one provisional response a policy asked to send reliably. The stack keeps RSeq and matches the
 * PRACK (it drops PRACKs it does not expect), but its own retransmission gaps are 0.5, 1.5, 2.5, 4.5 s rather
 * than T1 doubling, and it never rejects the INVITE: the host replaces its retransmission task with one that
 * follows the RFC, holds a 2xx with SDP until the PRACK, and answers 500 after 64·T1 without one.
 */
public final class ReliableProvisional {

    /** What the owning transaction lets this class do on the wire, past the interceptors. */
    public interface Wire {
        void sendReliably(Response provisional) throws Exception;

        void resend() throws Exception;

        void sendFinal(Response response) throws Exception;

        /**
         * Rejects the INVITE with this status in the early dialog of the provisional response, and ends the
         * application's session, which may believe it answered.
         */
        void reject(Response provisional, int status) throws Exception;

        /** Tells the stack its pending reliable response was acknowledged (it no longer holds a 2xx back). */
        void prackReceived();
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReliableProvisional.class);

    /**
     * Pending reliable provisionals by Call-ID and the INVITE's CSeq number, which a PRACK's RAck names with
     * the RSeq. Filed before the provisional leaves (a PRACK may come back at once), looked up by key rather
     * than through the stack's dialog, whose first transaction is not always the INVITE's.
     */
    private static final Map<String, ReliableProvisional> PENDING = new ConcurrentHashMap<>();

    private String key;

    private final Wire wire;
    private final ScheduledExecutorService timers;
    private final long t1Millis;
    private final Consumer<Boolean> outcome;
    private final Response provisional;
    private Response held;
    private ScheduledFuture<?> next;
    private boolean pending = true;
    private boolean prackReceived;
    private long elapsedMillis;

    private ReliableProvisional(Wire wire, ScheduledExecutorService timers, long t1Millis, Response provisional,
            Consumer<Boolean> outcome) {
        this.wire = wire;
        this.timers = timers;
        this.t1Millis = t1Millis;
        this.provisional = provisional;
        this.outcome = outcome;
    }

    /** True when the request offered 100rel (Supported or Require) and the response is a 1xx to it. */
    public static boolean applies(Request request, Response response) {
        int status = response.getStatusCode();
        return status > 100 && status < 200 && Request.INVITE.equals(request.getMethod())
                && (offers(request, SupportedHeader.NAME) || offers(request, RequireHeader.NAME));
    }

    /** Sends the provisional reliably and starts the RFC schedule. */
    public static ReliableProvisional start(Wire wire, ScheduledExecutorService timers, long t1Millis, Response provisional,
            Consumer<Boolean> outcome) throws Exception {
        provisional.setHeader(JainSipMessage.create(RequireHeader.NAME, "100rel"));
        ReliableProvisional reliable = new ReliableProvisional(wire, timers, t1Millis, provisional, outcome);
        synchronized (reliable) {
            CallIdHeader callId = (CallIdHeader) provisional.getHeader(CallIdHeader.NAME);
            CSeqHeader cseq = (CSeqHeader) provisional.getHeader(CSeqHeader.NAME);
            reliable.key = callId.getCallId() + " " + cseq.getSeqNumber();
            PENDING.put(reliable.key, reliable);
            try {
                wire.sendReliably(provisional);
            } catch (Exception e) {
                PENDING.remove(reliable.key, reliable);
                throw e;
            }
            reliable.scheduleNext(t1Millis);
        }
        return reliable;
    }

    /** The pending reliable provisional a PRACK acknowledges, if the host sent it. */
    static ReliableProvisional forPrack(Request prack) {
        RAckHeader rack = (RAckHeader) prack.getHeader(RAckHeader.NAME);
        CallIdHeader callId = (CallIdHeader) prack.getHeader(CallIdHeader.NAME);
        if (rack == null || callId == null) {
            return null;
        }
        ReliableProvisional reliable = PENDING.get(callId.getCallId() + " " + rack.getCSeqNumber());
        return reliable != null && reliable.rseq() == rack.getRSeqNumber() ? reliable : null;
    }

    /** The RSeq the stack gave the provisional (it sets it before the provisional leaves). */
    private long rseq() {
        RSeqHeader rseq = (RSeqHeader) provisional.getHeader(RSeqHeader.NAME);
        return rseq == null ? -1 : rseq.getSequenceNumber();
    }

    /** Stops the stack's own retransmission of the pending reliable response (see the class comment). */
    public static void silenceStackRetransmission(SIPServerTransactionImpl transaction) {
        try {
            Field task = SIPServerTransactionImpl.class.getDeclaredField("provisionalResponseTask");
            task.setAccessible(true);
            Object running = task.get(transaction);
            if (running != null) {
                transaction.getSIPStack().getTimer().cancel((gov.nist.javax.sip.stack.SIPStackTimerTask) running);
            }
        } catch (ReflectiveOperationException e) {
            LOG.warn("The stack keeps retransmitting reliable provisional responses on its own schedule: {}", e.toString());
        }
    }

    public synchronized boolean isPending() {
        return pending;
    }

    /**
     * True while a PRACK for this provisional is to be answered 200: before the final response, and after the
     * PRACK came (its retransmissions). A PRACK after the host gave up, or after a final response that went
     * without one, matches no unacknowledged provisional: 481 (RFC 3262 section 3).
     */
    synchronized boolean answersPrack() {
        return pending || prackReceived;
    }

    /** True when the final response must wait for the PRACK (RFC 3262 section 3: a 2xx after an offer). */
    public synchronized boolean holdIfNeeded(Response response) {
        if (!pending || response.getStatusCode() / 100 != 2 || !hasSdp(response)) {
            return false;
        }
        held = response;
        return true;
    }

    /** Any other final response ends the reliability: no more retransmissions. */
    public synchronized void finalSent() {
        stop();
    }

    /** The PRACK came: release a held 2xx. A retransmitted PRACK changes nothing. */
    void acknowledged() {
        Response release;
        synchronized (this) {
            if (!pending) {
                return;
            }
            prackReceived = true;
            stop();
            release = held;
            held = null;
        }
        wire.prackReceived();
        outcome.accept(Boolean.TRUE);
        if (release != null) {
            try {
                wire.sendFinal(release);
            } catch (Exception e) {
                LOG.warn("Held 2xx could not be sent after the PRACK: {}", e.toString());
            }
        }
    }

    private void scheduleNext(long delayMillis) {
        long giveUpAt = 64 * t1Millis;
        if (elapsedMillis + delayMillis >= giveUpAt) {
            next = timers.schedule(this::giveUp, giveUpAt - elapsedMillis, TimeUnit.MILLISECONDS);
        } else {
            next = timers.schedule(() -> retransmit(delayMillis), delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void retransmit(long interval) {
        if (!pending) {
            return;
        }
        elapsedMillis += interval;
        try {
            wire.resend();
        } catch (Exception e) {
            LOG.debug("Retransmission of a reliable provisional failed: {}", e.toString());
        }
        scheduleNext(interval * 2);
    }

    private void giveUp() {
        synchronized (this) {
            if (!pending) {
                return;
            }
            stop();
            held = null;
        }
        outcome.accept(Boolean.FALSE);
        try {
            wire.reject(provisional, Response.SERVER_INTERNAL_ERROR);
        } catch (Exception e) {
            LOG.warn("Rejecting an INVITE whose reliable provisional got no PRACK failed: {}", e.toString());
        }
    }

    private void stop() {
        pending = false;
        if (key != null) {
            // Kept for 64·T1 more, so a retransmitted PRACK is answered too rather than passed to the application.
            String done = key;
            try {
                timers.schedule(() -> PENDING.remove(done, this), 64 * t1Millis, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                PENDING.remove(done, this);
            }
        }
        if (next != null) {
            next.cancel(false);
        }
    }

    private static boolean hasSdp(Response response) {
        ContentTypeHeader type = (ContentTypeHeader) response.getHeader(ContentTypeHeader.NAME);
        return type != null && "application".equalsIgnoreCase(type.getContentType())
                && "sdp".equalsIgnoreCase(type.getContentSubType());
    }

    /** True when the message names 100rel in the option-tag header (Supported or Require). */
    static boolean offers(Message message, String header) {
        for (var it = message.getHeaders(header); it != null && it.hasNext();) {
            if (it.next().toString().toLowerCase().contains("100rel")) {
                return true;
            }
        }
        return false;
    }

}
