package io.sipsm.config;

import java.time.Duration;
import java.util.Objects;


/**
 * How a resend list maps onto the host's transaction timers, and what the policy layer must enforce itself.
 *
 * <p>The stack retransmits after T1, 2·T1, 4·T1 … capped at T2 (non-INVITE requests; INVITE requests double
 * without the cap, RFC 3261 Timer A) and counts in multiples of T1. A list of exactly that shape maps
 * {@link #exact() exactly}; any other list gets T1 = its first value and T2 = its largest, and
 * {@link #explanation()} says where the host's schedule differs. Either way the stack knows neither the count
 * nor the window, so policies fail the request after {@link #retransmissions()} retransmissions or
 * {@link #window()}, whichever comes first.
 *
 * @param t1Millis T1 for the host
 * @param t2Millis T2 for the host, a multiple of T1
 * @param exact true when the host's non-INVITE retransmissions follow the list exactly
 * @param explanation one sentence for the log and the effective-configuration view
 * @param retransmissions the most retransmissions of a request
 * @param window the time after which an unanswered request has failed
 */
public record ResendMapping(int t1Millis, int t2Millis, boolean exact, String explanation, int retransmissions,
        Duration window) {

    /** @throws IllegalArgumentException when T2 is below T1 or T1 below 1 ms */
    public ResendMapping {
        if (t1Millis < 1 || t2Millis < t1Millis) {
            throw new IllegalArgumentException("need 1 <= T1 <= T2, was T1 " + t1Millis + ", T2 " + t2Millis);
        }
        Objects.requireNonNull(explanation, "explanation");
        Objects.requireNonNull(window, "window");
    }
}
