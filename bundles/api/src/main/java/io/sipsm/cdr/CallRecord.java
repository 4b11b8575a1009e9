package io.sipsm.cdr;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call, written down when it ended: a plain data object (public fields, as OSGi DTOs), so that later
 * versions can add fields without breaking consumers. Times are milliseconds since the epoch, 0 when the
 * moment never came; text fields are null when unknown.
 */
public class CallRecord implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Unique per record ({@link #newRecordId()}): a store writes each record once by it. */
    public String recordId;
    /** The Call-ID of the caller's leg. */
    public String callerCallId;
    /** The Call-ID of the callee's leg: the answering gateway's, else the last one tried; null when none was. */
    public String calleeCallId;
    /** The user part of the caller's From. */
    public String caller;
    /** The user part of the caller's Request-URI: the number dialled. */
    public String callee;
    /** The host part of the caller's Request-URI, the domain tenants are selected by. */
    public String requestDomain;
    /** Where the caller's INVITE came from, as the transport saw it. */
    public String sourceAddress;
    /** The tenant whose settings applied, null for the global ones. */
    public String tenant;
    /** The SIP application that carried the call. */
    public String application;

    /** When the caller's INVITE arrived. */
    public long inviteAt;
    /** When the first provisional response (other than 100) went back to the caller; 0 when none did. */
    public long firstProvisionalAt;
    /** When the answer (2xx) went back to the caller; 0 when the call was never answered. */
    public long answeredAt;
    /** When the call ended: the BYE, the CANCEL, the final error, or the host's end. */
    public long endedAt;

    /** The gateways offered the call, in order. */
    public List<GatewayAttempt> attempts = new ArrayList<>();
    /** The gateway that answered, as in {@link GatewayAttempt#gateway}; null when none did. */
    public String answeringGateway;

    /** Why the call ended. */
    public EndReason endReason;
    /** Who ended it. */
    public EndDirection endDirection;
    /** When the server ended it: the symbolic name of the bundle (the policy) that did; null otherwise. */
    public String endedBy;
    /** The final status of the caller's INVITE: 2xx when answered, else the error the caller got. */
    public int finalStatus;
    /** The text of the Reason header (RFC 3326) of the message that ended the call, when it had one. */
    public String reasonText;

    /** Milliseconds from the INVITE to the answer; -1 for a call never answered. */
    public long setupMillis() {
        return answeredAt > 0 ? answeredAt - inviteAt : -1;
    }

    /** Milliseconds from the answer to the end: the billed duration; 0 for a call never answered. */
    public long durationMillis() {
        return answeredAt > 0 && endedAt >= answeredAt ? endedAt - answeredAt : 0;
    }

    @Override
    public String toString() {
        return "call " + callerCallId + " " + caller + " -> " + callee + ": " + endReason.label() + " by "
                + endDirection + (endedBy == null ? "" : " (" + endedBy + ")") + ", " + finalStatus + ", gateways "
                + attempts;
    }

    /**
     * A new record id: a UUID of version 7 (RFC 9562), the time in milliseconds followed by 74 random bits. Its
     * text sorts by time, so a store's index on it grows at one end, as its index on the time does: a random UUID
     * put every insert on another page of that index, and an embedded database then rewrote a page per record
     * (bench/RESULTS.md section 9).
     *
     * @since 1.1
     */
    public static String newRecordId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long mostSignificant = System.currentTimeMillis() << 16 | 0x7000L | random.nextInt(1 << 12);
        long leastSignificant = 0x8000_0000_0000_0000L | random.nextLong() >>> 2;
        return new UUID(mostSignificant, leastSignificant).toString();
    }
}
