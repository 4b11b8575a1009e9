package io.sipsm.host.internal.admission;

/**
 * The call rate the host's lag allows: none until the queue delay shows lag ({@link #LAG_PERCENT} of its
 * limit) while every stack thread is busy; then the rate of calls the host carries now, cut so that the backlog
 * drains ({@link #cutFactor}). It is cut so again at most once per {@link #CUT_INTERVAL_NANOS}, while the delay
 * shows lag and has not fallen since the last cut, and grows by {@link #GROWTH_PER_SECOND} while the host keeps
 * up and more calls are offered than it admits. It guards the ceiling built on the measured capacity, which can
 * be wrong: it read a fifth to a half above what the host carried with both SIPp on its cores.
 *
 * <p>Why from the first sign of lag and not from the delay's limit: once the delay passes T1 (500 ms) the
 * callers retransmit the INVITEs and BYEs of calls already admitted, and no refusal of new calls stops that;
 * cut only at the limit (200 ms), a surge of one and a half times the capacity took the delay to seconds. Why
 * the rate carried, not the rate admitted or a share of what is offered: with its threads busy the host
 * handles what it can carry, whatever it admitted; the rate admitted over the last second lags a surge and
 * falls to nothing when a load ends, and the offered load swells with retransmissions exactly while the host
 * lags (a share cut every 100 ms fell to a few percent, and the host carried 57 % of its capacity at twice
 * it). Why only with every thread busy: with threads waiting for work, a lag comes from a pause or from a
 * call whose messages wait their turn, not from too many calls. Why a second between cuts: a call admitted now
 * brings its ACK, its gateway leg and its BYE over the next second or so, and the delay answers a cut only then.
 */
final class LagRateBound {

    /**
     * The queue delay, in percent of its limit, that shows lag: well before T1, but above the spikes of a host
     * at its capacity (from a quarter of the limit, the host refused a sixth of a load it carried whole).
     */
    static final int LAG_PERCENT = 50;
    static final long CUT_INTERVAL_NANOS = 1_000_000_000L;
    /** A cut keeps this part of the rate carried while the delay is within its limit ... */
    static final double CUT = 0.9;
    /** ... and less beyond it, in step with the overshoot, down to this part (at 1.5 times the limit or more). */
    static final double DEEPEST_CUT = 0.7;
    /**
     * While the host keeps up and calls are refused at the bound, it grows by this part of itself per second: a
     * bound cut while the JIT still compiled, or in a collection pause, must be back above the load within a
     * second or two; growing by a tenth a second, a fresh host held its bound below a third of a 300 calls/s
     * load for ten seconds.
     */
    static final double GROWTH_PER_SECOND = 0.3;
    /**
     * ... and up to this part with the receive queue empty: a bound cut while a fresh host's threads were held up
     * (its first calls wait seconds for classes to load and the JIT) read the rate carried near nothing, and at
     * 30 % a second a bound of 6 calls/s needed ten seconds to reach 100 (issue 20).
     */
    static final double IDLE_GROWTH_PER_SECOND = 1.0;
    /** A bound never below one call a second: a few calls keep the measure honest. */
    static final double FLOOR = 1;
    /** How far apart the delay is sampled to tell a rise from a pause. */
    static final long TREND_NANOS = 100_000_000L;
    /**
     * A new lag is cut only after the delay rose over this many samples in a row: a collection pause or another
     * process taking the cores stops the threads and the reader alike, so the delay jumps by the pause in one
     * sample and falls from the next on, while too many calls make it rise sample after sample. Cut on the jump,
     * a host carrying 500 calls/s (about 80 % of its capacity) refused 112 of 5,000 calls after a 144 ms lag
     * (issue 27): the rate it carried in the second of the pause read low, and the cut held the bound below the
     * load until it grew back.
     */
    static final int RISES_TO_CUT = 2;

    private double perSecond = Double.POSITIVE_INFINITY;
    private long lastCut = Long.MIN_VALUE;
    private long lastUpdate = Long.MIN_VALUE;
    private long delayAtLastCut;
    private long sampledAt = Long.MIN_VALUE;
    private long sampledDelay;
    private int rises;

    /**
     * Adjusts the bound to what was measured now.
     *
     * @param delayPercent the queue delay in percent of its limit (0 when the limit is unchecked)
     * @param carriedPerSecond the rate of initial requests the host carries now, every thread busy; 0 while
     *     unknown or while threads wait for work (no cut)
     * @param refusing whether more calls are offered lately than the ceiling admits
     * @param minimum the lowest bound a cut may set, calls per second (a share of the measured capacity: a
     *     host that crawls for a moment after an overload must not hold the next load to that)
     */
    synchronized void update(long now, long delayPercent, double carriedPerSecond, boolean refusing,
            double minimum) {
        sample(now, delayPercent);
        if (delayPercent >= LAG_PERCENT) {
            // A new lag only once it has risen for a while; a lag cut before, once it has not fallen since.
            boolean growing = delayAtLastCut == 0 ? rises >= RISES_TO_CUT : delayPercent >= delayAtLastCut;
            if (carriedPerSecond > 0 && growing
                    && (lastCut == Long.MIN_VALUE || now - lastCut >= CUT_INTERVAL_NANOS)) {
                perSecond = Math.max(Math.max(FLOOR, minimum),
                        Math.min(perSecond, carriedPerSecond) * cutFactor(delayPercent));
                lastCut = now;
                delayAtLastCut = delayPercent;
            }
        } else {
            // Without lag a later rise is a new surge, cut however high the delay was at the last cut.
            delayAtLastCut = 0;
            if (refusing && !Double.isInfinite(perSecond) && lastUpdate != Long.MIN_VALUE) {
                perSecond *= 1 + growthPerSecond(delayPercent) * (now - lastUpdate) / 1e9;
            }
        }
        lastUpdate = now;
    }

    /** Counts the samples in a row, {@link #TREND_NANOS} apart, in which the delay rose. */
    private void sample(long now, long delayPercent) {
        if (sampledAt == Long.MIN_VALUE || now - sampledAt >= TREND_NANOS) {
            rises = sampledAt != Long.MIN_VALUE && delayPercent > sampledDelay ? rises + 1 : 0;
            sampledAt = now;
            sampledDelay = delayPercent;
        }
    }

    /** How fast the bound grows below the lag: the emptier the queue, the faster. */
    static double growthPerSecond(long delayPercent) {
        double idle = 1 - Math.min(1.0, Math.max(0, delayPercent) / (double) LAG_PERCENT);
        return GROWTH_PER_SECOND + (IDLE_GROWTH_PER_SECOND - GROWTH_PER_SECOND) * idle;
    }

    /** The part of the rate carried a cut keeps at this delay, in percent of its limit. */
    static double cutFactor(long delayPercent) {
        return delayPercent <= 100 ? CUT : Math.max(DEEPEST_CUT, Math.min(CUT, 100.0 / delayPercent));
    }

    /** Initial requests per second the lag allows; infinite while the host has not lagged. */
    synchronized double perSecond() {
        return perSecond;
    }

    /** No bound: the host has kept up for a while, a new stack, or control switched off. */
    synchronized void reset() {
        perSecond = Double.POSITIVE_INFINITY;
        lastCut = Long.MIN_VALUE;
        delayAtLastCut = 0;
    }
}
