package io.sipsm.config;

import java.time.Duration;
import java.util.Objects;


/**
 * How a resend list maps onto the host's transaction timers.
 *
 * <p>The host retransmits requests over UDP at the list's waits itself (the host SPI's {@code resendOn}); the
 * stack still retransmits responses after T1, 2·T1, 4·T1 … capped at T2, counts in multiples of T1 and times
 * out transactions after 64·T1. A list of exactly that shape maps {@link #exact() exactly}; any other list gets
 * T1 = its first value and T2 = its largest, and {@link #explanation()} says where the stack's schedule
 * differs. A request gets at most {@link #retransmissions()} copies, the last one {@link #window()} after the
 * original.
 *
 * @param t1Millis T1 for the host
 * @param t2Millis T2 for the host, a multiple of T1
 * @param exact true when the stack's T1/T2 schedule (responses) follows the list exactly
 * @param explanation one sentence for the log and the effective-configuration view
 * @param retransmissions the most retransmissions of a request
 * @param window when the last retransmission leaves, after the original
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
