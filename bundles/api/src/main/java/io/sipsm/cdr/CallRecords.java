package io.sipsm.cdr;

/**
 * How call records are published: each ended call is posted (asynchronously) through the OSGi Event Admin on
 * {@link #TOPIC}, the record itself under {@link #RECORD} and its main fields as plain properties, so that an
 * {@code EventHandler} can filter on them ({@code event.filter=(endReason=SESSION_EXPIRED)}).
 */
public final class CallRecords {

    /** The topic every call record is posted on. */
    public static final String TOPIC = "io/sipsm/cdr/CALL_ENDED";
    /** Event property: the {@link CallRecord}. */
    public static final String RECORD = "record";
    /** Event property (String): {@link CallRecord#callerCallId}. */
    public static final String CALL_ID = "callId";
    /** Event property (String, absent for the global settings): {@link CallRecord#tenant}. */
    public static final String TENANT = "tenant";
    /** Event property (String): the {@link EndReason}'s name. */
    public static final String END_REASON = "endReason";
    /** Event property (String): the {@link EndDirection}'s name. */
    public static final String END_DIRECTION = "endDirection";
    /** Event property (Integer): {@link CallRecord#finalStatus}. */
    public static final String FINAL_STATUS = "finalStatus";

    private CallRecords() {
    }
}
