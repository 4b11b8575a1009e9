/**
 * Reliable provisional responses (RFC 3262) sent and retransmitted by the host, and the PRACKs that answer
 * them, below the applications.
 */
package io.sipsm.host.internal.prack;
