package io.sipsm.setuptimeouts.internal;

import java.time.Duration;

import io.sipsm.config.SipSettings;

/**
 * Which timeout applies to a gateway attempt in which phase, from the settings the call started with.
 *
 * <p>Before any response the INVITE is retransmitted by the stack (UDP only, RFC 3261 Timer A: the k-th
 * retransmission leaves at T1·(2<sup>k</sup> − 1), doubling without a cap). The stack knows neither
 * SS_SIP_SEND_RETRY nor the resend window, so the policy gives the gateway up at whichever comes first: the
 * INVITE timeout, the window, or just before the stack would send one retransmission more than the count.
 * After a provisional response the stack stops retransmitting and only the Trying or Ringing timeout applies.
 */
final class SetupDeadlines {

    private final SipSettings settings;
    private final int hostT1Millis;

    /**
     * @param settings the call's settings
     * @param hostT1Millis the T1 the host's stack retransmits with (only the global resend list sets it)
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
     * How long an unanswered INVITE may be retransmitted: the resend window, or until half a T1 before the
     * stack would send retransmission number {@code retransmissions() + 1}, whichever is shorter.
     */
    Duration retransmissionBudget() {
        int count = settings.retransmissions();
        long nextRetransmissionMillis = hostT1Millis * ((1L << (count + 1)) - 1);
        Duration byCount = Duration.ofMillis(nextRetransmissionMillis - hostT1Millis / 2);
        Duration window = settings.retransmissionWindow();
        return byCount.compareTo(window) < 0 ? byCount : window;
    }
}
