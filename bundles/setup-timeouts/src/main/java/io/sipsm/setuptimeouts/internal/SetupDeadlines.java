package io.sipsm.setuptimeouts.internal;

import java.time.Duration;

import io.sipsm.config.SipSettings;

/**
 * Which timeout applies to a gateway attempt in which phase, from the settings the call started with.
 *
 * <p>Before any response the host retransmits the INVITE (UDP only) at the waits of the call's resend list,
 * which the policy hands it with the INVITE ({@link io.sipsm.host.SipMessage#resendOn}): copy k leaves at the
 * sum of the first k waits, at most SS_SIP_SEND_RETRY copies. The policy gives the gateway up at whichever
 * comes first: the INVITE timeout, or half the last wait after the last copy (the host's own transaction
 * timeout, the backstop, comes a whole last wait after it). After a provisional response the host stops
 * retransmitting and only the Trying or Ringing timeout applies.
 */
final class SetupDeadlines {

    private final SipSettings settings;
    private final int hostT1Millis;

    /**
     * @param settings the call's settings
     * @param hostT1Millis the host's T1 (only the global resend list sets it), which times its CANCELs
     */
    SetupDeadlines(SipSettings settings, int hostT1Millis) {
        this.settings = settings;
        this.hostT1Millis = Math.max(1, hostT1Millis);
    }

    /** The T1 the call's deadlines were computed with. */
    int hostT1Millis() {
        return hostT1Millis;
    }

    /** A timeout and what its expiry means. */
    record Deadline(Duration after, EndReason reason) {
    }

    /** The timeout of an INVITE that has no response yet. */
    Deadline calling(boolean retransmittedByStack) {
        Deadline invite = new Deadline(settings.inviteTimeout(), EndReason.INVITE_TIMEOUT);
        if (!retransmittedByStack) {
            return invite;
        }
        Duration budget = retransmissionBudget();
        return budget.compareTo(invite.after()) < 0 ? new Deadline(budget, EndReason.RETRANSMISSIONS_SPENT) : invite;
    }

    /** The timeout after 100 Trying, until a 180/183 or a final response. */
    Deadline trying() {
        return new Deadline(settings.tryingTimeout(), EndReason.TRYING_TIMEOUT);
    }

    /** The timeout after the first 180/183, until a final response; later 18x do not extend it. */
    Deadline ringing() {
        return new Deadline(settings.ringingTimeout(), EndReason.RINGING_TIMEOUT);
    }

    /**
     * How long a call may wait, after its last gateway attempt ended, for the application to fail over or
     * answer the caller: a cancelled gateway may take until Timer F (64·T1) to answer, plus a margin.
     */
    Duration idleGuard() {
        return Duration.ofMillis(64L * hostT1Millis).plusSeconds(5);
    }

    /**
     * How long an unanswered INVITE may wait for a response: until half the last wait after its last copy,
     * which leaves at the end of the resend window.
     */
    Duration retransmissionBudget() {
        var waits = settings.retransmissionWaits();
        return settings.retransmissionWindow().plus(waits.get(waits.size() - 1).dividedBy(2));
    }
}
