package io.sipsm.sessiontimer.internal;

import java.util.Map;

/** The outcome of a session-timer negotiation on one leg. */
sealed interface Negotiated {

    /** Answer the INVITE from the host with this status; no application sees it. */
    record Reject(int status, String reason, Map<String, String> headers) implements Negotiated {
    }

    /** A session timer runs on the leg with these terms. */
    record Timer(SessionTerms terms) implements Negotiated {
    }

    /** No session timer on the leg: the peer has none, refused it, or the tenant switched timers off. */
    record NoTimer(String why) implements Negotiated {
    }
}
