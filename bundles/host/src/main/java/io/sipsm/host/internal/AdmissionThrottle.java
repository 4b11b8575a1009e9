package io.sipsm.host.internal;

import java.util.function.LongSupplier;

/**
 * The share of initial requests admitted while the host lags behind its receive queue, driven by the queue
 * delay against its limit: cut while the delay is at the limit and still growing, held while it is at the
 * limit but falling or between the resume level and the limit, grown back at a steady pace below the resume
 * level. The admitted requests are spread evenly (a share of 0.6 admits three in five), not drawn at random.
 *
 * <p>Why a share and not all-or-nothing: a call admitted now brings its ACK, the gateway leg and its BYE over
 * the next second or more, so the queue delay reacts to admissions late. Refusing every call until the delay
 * is back below the resume level left the host refusing for seconds at twice its capacity while that work
 * drained (goodput 62 % of capacity, {@code bench/RESULTS-overload.txt}); a share that settles where the host
 * keeps up spends those seconds carrying calls. Holding the share while the delay falls keeps the late
 * reaction from cutting it far below that point.
 *
 * <p>Each cut follows the overshoot: a delay at 1.5 times its limit keeps two thirds of the share, at twice or
 * more half of it, just over the limit {@link #CUT}. A sudden load of twice the capacity must be shed within a
 * few hundred milliseconds, before the callers' retransmissions (T1, 500 ms) double it; fixed cuts of 0.8 took
 * over half a second to halve the share.
 */
final class AdmissionThrottle {

    /** The share is cut at most once in this interval: about how fast the queue delay shows a change. */
    static final long CUT_INTERVAL_NANOS = 100_000_000L;
    /** A cut keeps at most this part of the share (the delay just over its limit) ... */
    static final double CUT = 0.8;
    /** ... and at least this part (the delay at twice its limit or more). */
    static final double DEEPEST_CUT = 0.5;
    /** Below the resume level the share grows by this much per second (from nothing to all in two seconds). */
    static final double GROWTH_PER_SECOND = 0.5;
    /** Never refuse everything on the queue delay alone: a few calls keep the measure honest. */
    static final double FLOOR = 0.02;

    private final LongSupplier nanoClock;
    private double share = 1;
    private double credit;
    private long lastUpdate;
    private long lastCut;
    private long lastDelayPercent;

    AdmissionThrottle(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        long now = nanoClock.getAsLong();
        this.lastUpdate = now;
        this.lastCut = now - CUT_INTERVAL_NANOS;
    }

    /**
     * Adjusts the share to the queue delay measured now.
     *
     * @param delayPercent the queue delay in percent of its limit (0 when the limit is unchecked)
     * @param resumePercent the level below which the share grows again
     */
    synchronized void update(long delayPercent, int resumePercent) {
        long now = nanoClock.getAsLong();
        if (delayPercent >= 100) {
            if (delayPercent >= lastDelayPercent && now - lastCut >= CUT_INTERVAL_NANOS) {
                share = Math.max(FLOOR, share * cutFactor(delayPercent));
                lastCut = now;
            }
        } else if (delayPercent < resumePercent && share < 1) {
            share = Math.min(1, share + GROWTH_PER_SECOND * (now - lastUpdate) / 1e9);
        }
        lastDelayPercent = delayPercent;
        lastUpdate = now;
    }

    /** The part of the share a cut keeps at this delay (percent of its limit, at least 100). */
    static double cutFactor(long delayPercent) {
        return Math.max(DEEPEST_CUT, Math.min(CUT, 100.0 / delayPercent));
    }

    /** Whether the next initial request is one of the admitted share. */
    synchronized boolean admitNext() {
        if (share >= 1) {
            credit = 0;
            return true;
        }
        credit += share;
        if (credit >= 1) {
            credit -= 1;
            return true;
        }
        return false;
    }

    /** The share admitted now, 0 to 1. */
    synchronized double share() {
        return share;
    }

    /** Back to admitting every request, for a new stack or when control is switched off. */
    synchronized void reset() {
        share = 1;
        credit = 0;
        lastDelayPercent = 0;
        lastUpdate = nanoClock.getAsLong();
    }
}
