package io.sipsm.b2bua.internal;

import java.io.Serializable;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import javax.servlet.sip.SipApplicationSession;
import javax.servlet.sip.SipServletMessage;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.SipSession;

/**
 * The per-call state, kept as serializable session attributes so the container owns its life cycle (and could
 * replicate it): the application session holds the call, each gateway leg's SIP session the attempt it made.
 */
final class CallState {

    private static final String PREFIX = "io.sipsm.b2bua.";
    /** {@link RoutingSettings} the call started with. */
    private static final String SETTINGS = PREFIX + "settings";
    /** Integer: index of the gateway the call is being set up on. */
    private static final String ATTEMPT = PREFIX + "attempt";
    /** String: the caller's Call-ID, to tie the log lines of every leg to the call. */
    private static final String CALLER_CALL_ID = PREFIX + "callerCallId";
    /** Boolean: a 2xx to the initial INVITE went back to the caller. */
    private static final String ANSWERED = PREFIX + "answered";
    /** Boolean: the caller cancelled its INVITE. */
    private static final String CANCELLED = PREFIX + "cancelled";
    /** Integer, on a gateway leg: the gateway index its initial INVITE went to. */
    private static final String LEG_ATTEMPT = PREFIX + "legAttempt";

    private static final String RETRIED_AFTER_422 = PREFIX + "retriedAfter422";
    /** String: the tenant the call's figures count under (empty: none). */
    private static final String TENANT = PREFIX + "tenant";
    /**
     * AtomicLong: {@link System#nanoTime} when the caller's INVITE arrived, {@link #COUNTED} once the setup time
     * is counted (taken atomically: a ringing and an answer on two threads count it once).
     */
    private static final String STARTED_NANOS = PREFIX + "startedNanos";
    /** AtomicLong: wall-clock milliseconds when the call was answered, {@link #COUNTED} once its end is counted. */
    private static final String ANSWERED_MILLIS = PREFIX + "answeredMillis";

    /** {@link Kept}, on a gateway leg: its 2xx to the initial INVITE, until the caller's ACK acknowledges it. */
    private static final String ANSWER = PREFIX + "answer";

    private static final long COUNTED = Long.MIN_VALUE;

    /**
     * A value kept on this node only: it serializes to nothing, so a replicated session would carry the attribute
     * empty. Responses are the container's live objects, not state to copy.
     */
    private static final class Kept implements Serializable {
        private static final long serialVersionUID = 1L;
        private final transient SipServletResponse response;

        Kept(SipServletResponse response) {
            this.response = response;
        }
    }

    private CallState() {
    }

    static void start(SipApplicationSession call, RoutingSettings settings, String callerCallId, String tenant) {
        call.setAttribute(SETTINGS, settings);
        call.setAttribute(CALLER_CALL_ID, callerCallId);
        call.setAttribute(TENANT, tenant);
        call.setAttribute(STARTED_NANOS, new AtomicLong(System.nanoTime()));
    }

    static String tenant(SipApplicationSession call) {
        Object tenant = call.getAttribute(TENANT);
        return tenant instanceof String name ? name : "";
    }

    /** The gateway the call is being set up on (or was answered by), as configured. */
    static String gateway(SipApplicationSession call) {
        RoutingSettings settings = settings(call);
        int attempt = attempt(call);
        return settings == null || attempt >= settings.gateways().size() ? ""
                : settings.gateways().get(attempt).toString();
    }

    /**
     * Seconds since the caller's INVITE arrived, the first time the call rings or is answered; empty after that,
     * so that a call's setup time is counted once.
     */
    static OptionalDouble setupSeconds(SipApplicationSession call) {
        long started = takeOnce(call, STARTED_NANOS);
        return started == COUNTED ? OptionalDouble.empty() : OptionalDouble.of((System.nanoTime() - started) / 1e9);
    }

    /**
     * Milliseconds the answered call was up, the first time its end is seen (a BYE from either side, the end of
     * its session); empty for a call not answered or already counted.
     */
    static OptionalLong endedAfterMillis(SipApplicationSession call) {
        long answered = takeOnce(call, ANSWERED_MILLIS);
        return answered == COUNTED ? OptionalLong.empty()
                : OptionalLong.of(Math.max(0, System.currentTimeMillis() - answered));
    }

    /** The time stored under {@code key} the first time it is asked for, {@link #COUNTED} after that or without. */
    private static long takeOnce(SipApplicationSession call, String key) {
        return call.getAttribute(key) instanceof AtomicLong time ? time.getAndSet(COUNTED) : COUNTED;
    }

    /** True on a gateway's leg, false on the caller's. */
    static boolean isGatewayLeg(SipSession leg) {
        return leg.getAttribute(LEG_ATTEMPT) != null;
    }

    static RoutingSettings settings(SipApplicationSession call) {
        return (RoutingSettings) call.getAttribute(SETTINGS);
    }

    /** Records that the initial INVITE on {@code leg} went to the gateway at {@code attempt}. */
    static void legStarted(SipApplicationSession call, SipSession leg, int attempt) {
        call.setAttribute(ATTEMPT, attempt);
        leg.setAttribute(LEG_ATTEMPT, attempt);
    }

    static int attempt(SipApplicationSession call) {
        Object attempt = call.getAttribute(ATTEMPT);
        return attempt instanceof Integer index ? index : 0;
    }

    /**
     * True for a response to the initial INVITE of the leg the call is being set up on now: a response to a
     * re-INVITE (after the answer) or from a leg abandoned by failover is an ordinary in-dialog response.
     */
    static boolean isSetupResponse(SipServletMessage response) {
        Object legAttempt = response.getSession().getAttribute(LEG_ATTEMPT);
        SipApplicationSession call = response.getApplicationSession();
        return "INVITE".equals(response.getMethod()) && !isAnswered(call)
                && legAttempt instanceof Integer index && index == attempt(call);
    }

    static void markAnswered(SipApplicationSession call) {
        call.setAttribute(ANSWERED, Boolean.TRUE);
        call.setAttribute(ANSWERED_MILLIS, new AtomicLong(System.currentTimeMillis()));
    }

    /** Keeps a gateway leg's 2xx to its initial INVITE until the caller's ACK takes it ({@link #takeAnswer}). */
    static void keepAnswer(SipServletResponse answer) {
        answer.getSession().setAttribute(ANSWER, new Kept(answer));
    }

    /** The 2xx kept on this gateway leg, removed; null when none is (any more). */
    static SipServletResponse takeAnswer(SipSession gatewayLeg) {
        if (!gatewayLeg.isValid() || !(gatewayLeg.getAttribute(ANSWER) instanceof Kept kept)) {
            return null;
        }
        gatewayLeg.removeAttribute(ANSWER);
        return kept.response;
    }

    static boolean isAnswered(SipApplicationSession call) {
        return Boolean.TRUE.equals(call.getAttribute(ANSWERED));
    }

    /**
     * Records that the call's INVITE was sent again after a 422 (RFC 4028 section 7.4); true the first time
     * only, so that a gateway answering 422 again ends the attempt instead of a loop.
     */
    static boolean firstRetryAfter422(SipApplicationSession call) {
        if (call.getAttribute(RETRIED_AFTER_422) != null) {
            return false;
        }
        call.setAttribute(RETRIED_AFTER_422, Boolean.TRUE);
        return true;
    }

    static void markCancelled(SipApplicationSession call) {
        call.setAttribute(CANCELLED, Boolean.TRUE);
    }

    static boolean isCancelled(SipApplicationSession call) {
        return Boolean.TRUE.equals(call.getAttribute(CANCELLED));
    }

    /** The caller's Call-ID for log lines, or the message's own when the call has none recorded. */
    static String callId(SipServletMessage message) {
        Object callId = message.getApplicationSession().getAttribute(CALLER_CALL_ID);
        return callId instanceof String id ? id : message.getCallId();
    }
}
