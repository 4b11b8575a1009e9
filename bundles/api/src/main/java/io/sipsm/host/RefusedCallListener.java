package io.sipsm.host;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: hears of every call the host refused before any application saw it ({@link RefusedCall}),
 * so that such calls can be counted and written down like the others.
 *
 * <p>The host reports on one thread of its own, in the order it refused, after the answer left: the SIP threads
 * never wait for a listener. Its queue is bounded; under a flood of refusals the reports it cannot queue are
 * dropped and counted ({@code sipsm_refusals_unreported_total}). An exception thrown by a listener is logged and
 * the next report goes on.
 *
 * @since 1.8
 */
@ConsumerType
public interface RefusedCallListener {

    /** A call was refused; must be short (the next report waits for it). */
    void callRefused(RefusedCall call);
}
