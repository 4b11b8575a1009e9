package io.sipsm.setuptimeouts.internal;

/**
 * Why the policy stopped following a call or one of its gateway attempts. The first five are the policy's own
 * actions; the others are outcomes it only observed, counted so the figures add up.
 */
public enum EndReason {

    /** SS_SIP_TIMEOUT_INVITE: the gateway sent no response at all. */
    INVITE_TIMEOUT("invite timeout", "no response to the INVITE"),
    /** SS_SIP_SEND_RETRY / the resend window: the stack would have retransmitted past the budget. */
    RETRANSMISSIONS_SPENT("retransmissions spent", "resend list spent without a response"),
    /** SS_SIP_TIMEOUT_TRYING: 100 Trying, then nothing. */
    TRYING_TIMEOUT("trying timeout", "no ringing after 100 Trying"),
    /** SS_SIP_TIMEOUT_RINGING: 180/183, then no final response. */
    RINGING_TIMEOUT("ringing timeout", "no answer after ringing"),
    /** SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP: the whole call was not set up in time. */
    EARLY_HANGUP("early hangup", "call not set up in time"),
    /** The call was answered (a 2xx to its initial INVITE). */
    ANSWERED("answered", null),
    /** The call failed or was cancelled without the policy acting on it. */
    FAILED("failed", null),
    /** The call was not followed: the policy already tracked as many calls as it holds. */
    NOT_TRACKED("not tracked (capacity)", null);

    private final String label;
    private final String reasonText;

    EndReason(String label, String reasonText) {
        this.label = label;
        this.reasonText = reasonText;
    }

    /** How the shell command names the reason. */
    public String label() {
        return label;
    }

    /** The text of the Reason header (RFC 3326) on what the policy sends; null for observed outcomes. */
    String reasonText() {
        return reasonText;
    }

    /** The reason as the call records name it, for the policy's own actions; null for observed outcomes. */
    io.sipsm.cdr.EndReason recordReason() {
        return switch (this) {
            case INVITE_TIMEOUT -> io.sipsm.cdr.EndReason.INVITE_TIMEOUT;
            case RETRANSMISSIONS_SPENT -> io.sipsm.cdr.EndReason.RESEND_BUDGET;
            case TRYING_TIMEOUT -> io.sipsm.cdr.EndReason.TRYING_TIMEOUT;
            case RINGING_TIMEOUT -> io.sipsm.cdr.EndReason.RINGING_TIMEOUT;
            case EARLY_HANGUP -> io.sipsm.cdr.EndReason.EARLY_HANGUP;
            default -> null;
        };
    }

    /** True for the reasons where the policy ended something itself. */
    boolean isPolicyAction() {
        return reasonText != null;
    }
}
