package io.sipsm.host.internal.sip;

import java.util.concurrent.atomic.LongAdder;

/**
 * Retransmissions the host sees over UDP: requests a peer sent again that a server transaction of the host already
 * holds (the peer missed or has not yet had the answer), and requests the host itself sent again for want of a
 * response (RFC 3261 timers A and E). A rising count says answers are lost or late on the way, before calls fail.
 */
public final class Retransmissions {

    public static final Retransmissions INSTANCE = new Retransmissions();

    private final LongAdder received = new LongAdder();
    private final LongAdder sent = new LongAdder();

    /** A counter of its own, for tests; the host counts into {@link #INSTANCE}. */
    public Retransmissions() {
    }

    public void received() {
        received.increment();
    }

    public void sent() {
        sent.increment();
    }

    /** Requests received again, absorbed by the transaction that has them. */
    public long receivedCount() {
        return received.sum();
    }

    /** Requests the host's client transactions sent again. */
    public long sentCount() {
        return sent.sum();
    }
}
