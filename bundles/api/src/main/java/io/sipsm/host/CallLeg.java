package io.sipsm.host;

import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * One leg of a call: the SIP dialog between the host and one peer, as a policy may act on it without the
 * application knowing. A B2BUA call has two legs, {@linkplain #peer() linked}. A leg is obtained from a
 * {@link SipMessage#leg() message} and may be kept for the life of the call; its methods may be called from
 * any thread and are carried out under the application's session lock.
 */
@ProviderType
public interface CallLeg {

    /** Where the leg is in its life (RFC 3261 dialog states). */
    enum State {
        /** The INVITE is pending: no response, or provisional ones only. */
        EARLY,
        /** A 2xx was sent or received. */
        CONFIRMED,
        /** Ended: BYE, CANCEL or a final error. */
        TERMINATED
    }

    /** Stable for the leg's life; equal legs have equal ids. */
    String id();

    /** The leg's Call-ID. */
    String callId();

    /** The SIP application the leg belongs to. */
    String application();

    /** True when the leg's INVITE came from the network (the host is its UAS), false when the host sent it. */
    boolean isInbound();

    /** The leg's state now. */
    State state();

    /** The other leg of a B2BUA call, when the application linked two. */
    Optional<CallLeg> peer();

    /**
     * Sends a request inside the leg's dialog on behalf of a policy: an UPDATE or re-INVITE refreshing a
     * session, for example. The application sees neither the request nor its responses; the host sends the
     * ACK of a 2xx to a re-INVITE. The final response (or a 408 made by the host when the transaction times
     * out or cannot be sent) goes to {@code onFinalResponse} on a SIP thread.
     *
     * @param method the method, e.g. {@code UPDATE} or {@code INVITE}
     * @param headers headers to add, in iteration order
     * @param contentType the body's type, or null without a body
     * @param body the body, or null
     * @throws IllegalStateException when the leg is not {@link State#CONFIRMED}
     */
    void send(String method, Map<String, String> headers, String contentType, byte[] body,
            Consumer<SipMessage> onFinalResponse);

    /**
     * Ends the leg for a policy, with a Reason header (RFC 3326) saying why, and ends the application's
     * session with it: BYE when the leg is confirmed; when its INVITE is pending, a final response
     * {@code status} toward the caller on an inbound leg, or CANCEL toward the callee on an outbound leg,
     * whose INVITE the application then sees fail with {@code status} (a routing application may then try
     * another gateway). Does nothing on a terminated leg.
     *
     * @param status the SIP status for the application or the caller, and the Reason cause
     * @param text the Reason text, e.g. {@code "session expired"}
     */
    void end(int status, String text);

    /**
     * Ends the leg as {@link #end(int, String)} does, saying why in the terms of the call records: the host marks
     * the leg's session with a {@link io.sipsm.cdr.ServerEnd} naming the reason and the calling bundle, which the
     * application writing the call's record reads. {@link #end(int, String)} marks it
     * {@link io.sipsm.cdr.EndReason#ENDED_BY_POLICY}.
     *
     * @param status the SIP status for the application or the caller, and the Reason cause
     * @param text the Reason text, e.g. {@code "session expired"}
     * @param reason why, for the call's record
     * @since 1.6
     */
    default void end(int status, String text, io.sipsm.cdr.EndReason reason) {
        end(status, text);
    }
}
