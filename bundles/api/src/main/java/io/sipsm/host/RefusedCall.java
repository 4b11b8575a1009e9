package io.sipsm.host;

/**
 * An initial INVITE the host answered with a final error before any application saw it: refused for load
 * (overload control, or a drain) or rejected by a policy's interceptor (who may call, a malformed header ...).
 * A challenge (401, 407) is not a refusal: the caller sends the INVITE again with credentials. The copies of one
 * INVITE are reported once.
 *
 * @param callId the INVITE's Call-ID
 * @param caller the user part of the From URI, or null when it has none
 * @param callee the user part of the Request-URI (the number dialled), or null when it has none
 * @param requestDomain the host part of the Request-URI, the domain tenants are selected by
 * @param sourceAddress where the INVITE came from, as the transport saw it
 * @param at when the host answered, in milliseconds since the epoch
 * @param status the final status the caller got
 * @param reasonPhrase the reason phrase of that response
 * @param cause why the host answered it
 * @param refusedBy the symbolic name of the bundle that answered: the host's for load, the policy's otherwise
 * @since 1.8
 */
public record RefusedCall(String callId, String caller, String callee, String requestDomain, String sourceAddress,
        long at, int status, String reasonPhrase, Cause cause, String refusedBy) {

    /** Why a call was refused. */
    public enum Cause {
        /** Overload control or a drain: the answer is a 503 with Retry-After. */
        LOAD,
        /** A policy's interceptor answered the INVITE with a final error. */
        POLICY
    }
}
