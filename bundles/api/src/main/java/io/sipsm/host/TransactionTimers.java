package io.sipsm.host;

import java.time.Duration;
import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The SIP transaction timers of the host (RFC 3261 section 17). New values apply to transactions created
 * afterwards; transactions in progress keep the values they started with.
 */
@ProviderType
public interface TransactionTimers {

    /** The values new transactions get now. */
    Values current();

    /** Applies these values to every transaction created from now on. */
    void apply(Values values);

    /**
     * The waits before each retransmission of a request the host sends over UDP (INVITE included) when no
     * policy gave the request a list of its own ({@link SipMessage#resendOn}): the first copy leaves this long
     * after the original, each next one that long after the previous, one copy per element, while the request
     * is unanswered (an INVITE until its first response, any other request until its final response). An
     * empty list leaves the stack's RFC 3261 schedule (T1 doubling) in place. Applies to requests sent from now
     * on. A host that cannot follow a list ignores it.
     *
     * @param waits at most a few dozen positive durations
     * @since 1.9
     */
    default void resendOn(List<Duration> waits) {
    }

    /**
     * The list given to {@link #resendOn(List)}, empty when none.
     *
     * @since 1.9
     */
    default List<Duration> resendList() {
        return List.of();
    }

    /**
     * Timer values in milliseconds. The stack keeps T2, T4 and Timer D as multiples of T1 and fixes Timers
     * B, F, H and J at 64·T1, so those follow T1.
     *
     * @param t1 RTT estimate, the first retransmission interval (RFC default 500)
     * @param t2 the cap of non-INVITE request and INVITE response retransmission intervals (4000)
     * @param t4 how long a message may stay in the network (5000)
     * @param timerD how long a client INVITE transaction lingers after a failure response (32000, at least)
     */
    record Values(int t1, int t2, int t4, int timerD) {

        /** RFC 3261 defaults. */
        public static final Values RFC3261 = new Values(500, 4000, 5000, 32000);

        /** The lowest Timer D the stack accepts. */
        public static final int MIN_TIMER_D = 32000;

        /** @throws IllegalArgumentException naming the first value out of range */
        public Values {
            if (t1 < 1) {
                throw new IllegalArgumentException("T1 must be at least 1 ms, was " + t1);
            }
            if (t2 < t1) {
                throw new IllegalArgumentException("T2 must be at least T1 (" + t1 + " ms), was " + t2);
            }
            if (t4 < 1) {
                throw new IllegalArgumentException("T4 must be at least 1 ms, was " + t4);
            }
            if (timerD < MIN_TIMER_D) {
                throw new IllegalArgumentException("Timer D must be at least " + MIN_TIMER_D + " ms, was " + timerD);
            }
        }
    }
}
