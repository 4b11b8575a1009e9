package io.sipsm.shell.internal;

import java.util.List;

import io.sipsm.config.SipKey;

/**
 * The symptoms of the guides' troubleshooting table, each with the parameter the table says to check: the
 * session-timer segment for calls cut at the session expiry, early hangup for zombie sessions, the resend list
 * for retransmission, 100rel for early media, and the no-timer re-INVITE interval for stalled calls.
 */
enum Symptom {

    /** Answered calls ended because no session refresh came in time: cut at Session-Expires, 30 min by default. */
    CALLS_CUT_AT_SESSION_EXPIRY("calls cut at 30 min", SipKey.SESSION_UPDATE_SEGMENT, Figure.SESSIONS_EXPIRED),
    /** Calls that never completed setup and held resources until something tore them down. */
    ZOMBIE_SESSIONS("many zombie sessions", SipKey.SESSION_TIMEOUT_EARLY_HANGUP, Figure.SETUP_EARLY_HANGUPS,
            Figure.SETUP_NOT_TRACKED),
    /** Requests to gateways retransmitted until the resend list was spent. */
    EXCESSIVE_RETRANSMISSION("excessive retransmission", SipKey.RESEND_INTERVAL, Figure.SETUP_INVITE_TIMEOUTS,
            Figure.SETUP_RETRANSMISSIONS_SPENT, Figure.SETUP_ENDED, Figure.SETUP_NOT_TRACKED),
    /** Reliable 180/183 never acknowledged, or callers requiring 100rel refused: no early media. */
    NO_EARLY_MEDIA("no early media", SipKey.ENABLE_100REL, Figure.PRACK_TIMEOUTS, Figure.PRACK_REJECTED_420),
    /** Answered calls without session timers whose peer stopped answering, found only by the keep-alive. */
    STALLED_CALLS("stalled calls", SipKey.NO_TIMER_REINVITE_INTERVAL, Figure.KEEPALIVES_FAILED);

    private final String label;
    private final SipKey parameter;
    private final List<Figure> figures;

    Symptom(String label, SipKey parameter, Figure... figures) {
        this.label = label;
        this.parameter = parameter;
        this.figures = List.of(figures);
    }

    /** As the guides name it. */
    public String label() {
        return label;
    }

    /** The parameter the guides' troubleshooting table names for it. */
    public SipKey parameter() {
        return parameter;
    }

    /** The published figures that show it. */
    public List<Figure> figures() {
        return figures;
    }
}
