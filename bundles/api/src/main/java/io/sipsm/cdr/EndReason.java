package io.sipsm.cdr;

/**
 * Why a call ended, as the {@code sipsm:cdr} command and the database name it ({@link #label()}). New reasons may
 * be added in later minor versions: consumers treat an unknown one as {@link #OTHER}.
 */
public enum EndReason {
    /** Answered, then a BYE from the caller or the callee. */
    NORMAL_CLEARING("normal clearing"),
    /** The caller cancelled its INVITE before the answer. */
    CALLER_CANCELLED("caller cancelled"),
    /** The callee answered the INVITE with a final error that the routing does not fail over on (486, 603 ...). */
    CALLEE_REJECTED("callee rejected"),
    /** Every gateway the call could go to failed with a status the routing fails over on. */
    FAILOVER_EXHAUSTED("failover exhausted"),
    /** No gateway could be sent the INVITE at all. */
    NO_GATEWAY("no gateway reachable"),
    /** RFC 4028: the session was not refreshed in time (SS_SIP_SESSION_UPDATE_SEGMENT). */
    SESSION_EXPIRED("session expired"),
    /** The keep-alive re-INVITE for a peer without session timers went unanswered (SS_SIP_NO_TIMER_REINVITE_INTERVAL). */
    KEEPALIVE_FAILED("keep-alive failed"),
    /** SS_SIP_TIMEOUT_INVITE: the gateway sent no response at all. */
    INVITE_TIMEOUT("invite timeout"),
    /** SS_SIP_TIMEOUT_TRYING: 100 Trying, then no ringing. */
    TRYING_TIMEOUT("trying timeout"),
    /** SS_SIP_TIMEOUT_RINGING: ringing, then no final response. */
    RINGING_TIMEOUT("ringing timeout"),
    /** SS_SIP_RESEND_INTERVAL / SS_SIP_SEND_RETRY: the resend list was spent without a response. */
    RESEND_BUDGET("resend budget spent"),
    /** SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP: the call was not set up in time. */
    EARLY_HANGUP("early hangup"),
    /** RFC 3262: no PRACK for a reliable provisional response within 64·T1. */
    PRACK_TIMEOUT("prack timeout"),
    /** RFC 3261 section 13.3.1.4: the caller never acknowledged the answer. */
    NO_ACK("no ack"),
    /** Refused for load (overload control) before any application took the call. */
    REFUSED_FOR_LOAD("refused for load"),
    /** A policy refused the call (who may call, a malformed session-timer header ...). */
    REJECTED_BY_POLICY("rejected by policy"),
    /** A policy ended the call without naming a reason of this list. */
    ENDED_BY_POLICY("ended by policy"),
    /** The host ended the call: the application's version was undeployed by force. */
    ENDED_BY_HOST("ended by host"),
    /** None of the above (an application session that expired, an error). */
    OTHER("other");

    private final String label;

    EndReason(String label) {
        this.label = label;
    }

    /** The reason as operators read it, e.g. {@code session expired}; also the value stored in the database. */
    public String label() {
        return label;
    }

    /** The reason with this {@link #label()} or name, ignoring case; empty for none. */
    public static java.util.Optional<EndReason> parse(String text) {
        for (EndReason reason : values()) {
            if (reason.label.equalsIgnoreCase(text.trim()) || reason.name().equalsIgnoreCase(text.trim())) {
                return java.util.Optional.of(reason);
            }
        }
        return java.util.Optional.empty();
    }
}
