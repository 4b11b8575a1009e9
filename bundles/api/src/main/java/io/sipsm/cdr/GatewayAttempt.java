package io.sipsm.cdr;

import java.io.Serializable;

/**
 * One gateway a call was offered to, in the order tried: a plain data object (public fields, as OSGi DTOs), so
 * that later versions can add fields without breaking consumers.
 */
public class GatewayAttempt implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The gateway as configured, {@code host:port[;transport=x]}. */
    public String gateway;
    /** The Call-ID of the leg toward the gateway. */
    public String callId;
    /** When the INVITE was sent, milliseconds since the epoch. */
    public long sentAt;
    /** When its final response came (or the host gave it up), milliseconds since the epoch; 0 while none. */
    public long endedAt;
    /** The final status of the attempt, as the routing application saw it; 0 when none came. */
    public int status;
    /** Set when the host gave the attempt up for a policy (a setup timeout); null otherwise. */
    public EndReason endReason;

    @Override
    public String toString() {
        return gateway + " " + status + (endReason == null ? "" : " (" + endReason.label() + ")")
                + (endedAt > 0 ? " after " + (endedAt - sentAt) + " ms" : "");
    }
}
