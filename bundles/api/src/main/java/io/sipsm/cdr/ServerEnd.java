package io.sipsm.cdr;

import java.io.Serializable;

/**
 * The host's mark on a leg it ended for a policy or for itself: stored as the SIP session attribute
 * {@link #ATTRIBUTE} before the BYE, CANCEL or final response leaves, so that the application writing the call's
 * record learns (through a {@code SipSessionAttributeListener}) why and by whom its call ended, without knowing
 * the policy.
 */
public class ServerEnd implements Serializable {

    /** The SIP session attribute the host stores the mark under; set once, by the first end of the leg. */
    public static final String ATTRIBUTE = "io.sipsm.cdr.serverEnd";

    private static final long serialVersionUID = 1L;

    /** Why. */
    public EndReason reason;
    /** The symbolic name of the bundle that ended the leg, e.g. {@code sipsm-session-timer}. */
    public String endedBy;
    /** The SIP status sent (the Reason cause). */
    public int status;
    /** The Reason header's text (RFC 3326). */
    public String text;
    /** When, milliseconds since the epoch. */
    public long at;

    public ServerEnd() {
    }

    public ServerEnd(EndReason reason, String endedBy, int status, String text, long at) {
        this.reason = reason;
        this.endedBy = endedBy;
        this.status = status;
        this.text = text;
        this.at = at;
    }

    @Override
    public String toString() {
        return reason.label() + " by " + endedBy + " (" + status + " " + text + ")";
    }
}
