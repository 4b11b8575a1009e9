package io.sipsm.sessiontimer.internal;

import java.time.Duration;

import io.sipsm.config.SipSettings;
import io.sipsm.host.PolicyScheduler;

/**
 * An initial INVITE the policy has seen and whose 2xx it waits for: the settings the call resolved once, what
 * was decided (as UAS) and what the peer told so far.
 */
final class PendingInvite {

    private final SipSettings settings;
    private final Negotiated decision;
    private final boolean hostSentInvite;
    private final Duration requestMinSe;
    private final LegMedia media = new LegMedia();
    private volatile Duration minSeAskedDownstream;
    private volatile PolicyScheduler.Scheduled staleCheck;

    /**
     * @param decision the answer decided for an INVITE from the network; null for an INVITE the host sent
     * @param requestMinSe the Min-SE the INVITE carried (or RFC 4028's 90 s), passed on to the next hop
     */
    PendingInvite(SipSettings settings, Negotiated decision, boolean hostSentInvite, Duration requestMinSe) {
        this.settings = settings;
        this.decision = decision;
        this.hostSentInvite = hostSentInvite;
        this.requestMinSe = requestMinSe;
    }

    SipSettings settings() {
        return settings;
    }

    Negotiated decision() {
        return decision;
    }

    boolean hostSentInvite() {
        return hostSentInvite;
    }

    Duration requestMinSe() {
        return requestMinSe;
    }

    LegMedia media() {
        return media;
    }

    /** The Min-SE a callee asked for in a 422 on the linked outgoing leg, or null. */
    Duration minSeAskedDownstream() {
        return minSeAskedDownstream;
    }

    void minSeAskedDownstream(Duration minSe) {
        this.minSeAskedDownstream = minSe;
    }

    /**
     * The Min-SE the next hop must at least be offered: the caller's, or the callee's when a 422 asked more,
     * so that the application's next INVITE for this caller does not get the same 422.
     */
    Duration minSeForNextHop() {
        Duration asked = minSeAskedDownstream;
        return asked == null ? requestMinSe : Negotiation.max(requestMinSe, asked);
    }

    void staleCheck(PolicyScheduler.Scheduled check) {
        this.staleCheck = check;
    }

    /** Cancels the stale check; the INVITE got its answer. */
    void settled() {
        PolicyScheduler.Scheduled check = staleCheck;
        if (check != null) {
            check.cancel();
        }
    }
}
