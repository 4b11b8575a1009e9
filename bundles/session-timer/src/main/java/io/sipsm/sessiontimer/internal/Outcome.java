package io.sipsm.sessiontimer.internal;

/** What the statistics count, one counter per reason. */
public enum Outcome {
    /** A refresh (ours or the peer's) succeeded and restarted the session interval. */
    REFRESHED("refreshed"),
    /** A 491 to our refresh or keep-alive, retried after RFC 3261's back-off. */
    GLARE_RETRIED("491 retried"),
    /** No successful refresh in time, or the refresh got 408/481: both legs ended. */
    EXPIRED("expired"),
    /** An INVITE below our Min-SE answered 422. */
    SENT_422("422 sent"),
    /** A 422 for an INVITE the host sent. */
    RECEIVED_422("422 received"),
    /** A malformed Session-Expires or Min-SE answered 400. */
    SENT_400("400 sent"),
    /** A keep-alive re-INVITE to a peer without timers went unanswered or got 408/481: both legs ended. */
    KEEPALIVE_FAILED("keep-alive failed");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    /** How the shell command names it. */
    public String label() {
        return label;
    }
}
