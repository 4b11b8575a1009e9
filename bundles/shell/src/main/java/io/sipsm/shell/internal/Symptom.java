package io.sipsm.shell.internal;

import io.sipsm.config.SipKey;

/**
 * The symptoms of the guides' troubleshooting table, each with the parameter the table says to check: the
 * session-timer segment for calls cut at the session expiry, early hangup for zombie sessions, the resend list
 * for retransmission, 100rel for early media, and the no-timer re-INVITE interval for stalled calls.
 */
enum Symptom {

    /** Answered calls ended because no session refresh came in time: cut at Session-Expires, 30 min by default. */
    CALLS_CUT_AT_SESSION_EXPIRY("calls cut at 30 min", SipKey.SESSION_UPDATE_SEGMENT, "session-timer"),
    /** Calls that never completed setup and held resources until something tore them down. */
    ZOMBIE_SESSIONS("many zombie sessions", SipKey.SESSION_TIMEOUT_EARLY_HANGUP, "setup-timeouts"),
    /** Requests to gateways retransmitted until the resend list was spent. */
    EXCESSIVE_RETRANSMISSION("excessive retransmission", SipKey.RESEND_INTERVAL, "setup-timeouts"),
    /** Reliable 180/183 never acknowledged, or callers requiring 100rel refused: no early media. */
    NO_EARLY_MEDIA("no early media", SipKey.ENABLE_100REL, "prack"),
    /** Answered calls without session timers whose peer stopped answering, found only by the keep-alive. */
    STALLED_CALLS("stalled calls", SipKey.NO_TIMER_REINVITE_INTERVAL, "session-timer");

    private final String label;
    private final SipKey parameter;
    private final String policy;

    Symptom(String label, SipKey parameter, String policy) {
        this.label = label;
        this.parameter = parameter;
        this.policy = policy;
    }

    /** As the guides name it. */
    public String label() {
        return label;
    }

    /** The parameter the guides' troubleshooting table names for it. */
    public SipKey parameter() {
        return parameter;
    }

    /** The policy whose counters show it ({@link io.sipsm.host.PolicyCounters#policy()}). */
    public String policy() {
        return policy;
    }
}
