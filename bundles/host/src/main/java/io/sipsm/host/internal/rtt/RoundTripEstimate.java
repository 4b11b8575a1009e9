package io.sipsm.host.internal.rtt;

import java.time.Duration;

/**
 * One peer's smoothed round-trip time, as TCP computes its retransmission timeout (RFC 6298 section 2): the first
 * sample R gives SRTT = R and RTTVAR = R/2; each later one RTTVAR = 3/4·RTTVAR + 1/4·|SRTT − R|, then
 * SRTT = 7/8·SRTT + 1/8·R; the timeout is SRTT + max(G, 4·RTTVAR), with a clock granularity G of 1 ms.
 * Not thread-safe: {@link LearnedT1} guards it.
 */
final class RoundTripEstimate {

    private static final double GRANULARITY_MILLIS = 1;

    private double smoothedMillis;
    private double variationMillis;
    private long samples;

    void sample(Duration roundTrip) {
        double r = roundTrip.toNanos() / 1e6;
        if (samples == 0) {
            smoothedMillis = r;
            variationMillis = r / 2;
        } else {
            variationMillis = 0.75 * variationMillis + 0.25 * Math.abs(smoothedMillis - r);
            smoothedMillis = 0.875 * smoothedMillis + 0.125 * r;
        }
        samples++;
    }

    long samples() {
        return samples;
    }

    Duration smoothed() {
        return millis(smoothedMillis);
    }

    Duration variation() {
        return millis(variationMillis);
    }

    /** RFC 6298's RTO, before any bound. */
    Duration timeout() {
        return millis(smoothedMillis + Math.max(GRANULARITY_MILLIS, 4 * variationMillis));
    }

    private static Duration millis(double millis) {
        return Duration.ofNanos(Math.round(millis * 1e6));
    }
}
