package io.sipsm.host.internal.admission;

import java.util.function.LongSupplier;

/**
 * At most so many initial requests a second: a token bucket that holds {@link #BURST_SECONDS} worth, so that
 * callers whose requests come in clumps (a load generator, a proxy that paused) are not refused below the rate,
 * while a burst cannot take a second's worth at once. It also measures the rates offered to it and admitted by
 * it, each an exponentially decaying count over {@link #RATE_SECONDS}.
 */
final class RateCeiling {

    static final double BURST_SECONDS = 0.25;
    static final double RATE_SECONDS = 1.0;

    private final LongSupplier nanoClock;
    private double perSecond = Double.POSITIVE_INFINITY;
    private double tokens;
    private long lastRefill;
    private double offered;
    private double admitted;
    private long lastRate;

    RateCeiling(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.lastRefill = nanoClock.getAsLong();
        this.lastRate = lastRefill;
    }

    /** The ceiling from now on, requests per second; infinite for none. A new ceiling starts with a full bucket. */
    synchronized void set(double requestsPerSecond) {
        boolean wasOpen = Double.isInfinite(perSecond);
        refill();
        perSecond = requestsPerSecond;
        if (wasOpen && !Double.isInfinite(requestsPerSecond)) {
            tokens = burst();
        }
    }

    /** The ceiling, requests per second; infinite for none. */
    synchronized double perSecond() {
        return perSecond;
    }

    /** Whether one more request fits under the ceiling; it takes its place if so. */
    synchronized boolean admitNext() {
        decayRates();
        offered += 1 / RATE_SECONDS;
        if (!Double.isInfinite(perSecond)) {
            refill();
            if (tokens < 1) {
                return false;
            }
            tokens -= 1;
        }
        admitted += 1 / RATE_SECONDS;
        return true;
    }

    /** Requests offered per second lately, admitted or not. */
    synchronized double offeredPerSecond() {
        decayRates();
        return offered;
    }

    /** Requests admitted per second lately. */
    synchronized double admittedPerSecond() {
        decayRates();
        return admitted;
    }

    /** The part of the requests offered lately that the ceiling lets through, 0 to 1. */
    synchronized double share() {
        decayRates();
        return offered <= perSecond ? 1 : perSecond / offered;
    }

    /** No ceiling, nothing measured: a new stack, or control switched off. */
    synchronized void reset() {
        perSecond = Double.POSITIVE_INFINITY;
        tokens = 0;
        offered = 0;
        admitted = 0;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        if (!Double.isInfinite(perSecond)) {
            tokens = Math.min(burst(), tokens + perSecond * (now - lastRefill) / 1e9);
        }
        lastRefill = now;
    }

    private double burst() {
        return Math.max(1, perSecond * BURST_SECONDS);
    }

    private void decayRates() {
        long now = nanoClock.getAsLong();
        double decay = Math.exp(-(now - lastRate) / 1e9 / RATE_SECONDS);
        offered *= decay;
        admitted *= decay;
        lastRate = now;
    }
}
