package io.sipsm.cdr;

/** Who ended a call. */
public enum EndDirection {
    /** The caller: a BYE after the answer, a CANCEL before it. */
    CALLER,
    /** The callee: a BYE after the answer, a final error before it. */
    CALLEE,
    /** This server: a policy (see {@link CallRecord#endedBy}), the host, or the routing application itself. */
    SERVER
}
