package io.sipsm.host.internal.admission;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.OverloadStatus.Gauge;
import io.sipsm.host.OverloadStatus.Intake;
import io.sipsm.host.OverloadStatus;

/**
 * Decides whether the host takes one more initial request, and counts. One per host: the stack creates its
 * valve by class name, so the valve and the OSGi component meet here, as the dispatcher and the interceptors
 * meet in {@link InterceptorChain}.
 *
 * <p>From the first call, whatever was measured before, a queue delay that stays at its limit while the stack's
 * threads work refuses every new call: a fresh host has measured nothing yet. Then two answers. While the host lags, new calls are held to a call rate ({@link RateCeiling}), the lower of
 * two: from the first sign of lag, a share of the rate the host measures it can carry ({@link CallCapacity}),
 * because the queue delay shows a surge only after the calls admitted meanwhile have brought their later
 * messages; and once the queue delay reaches half its limit with every stack thread busy, less than the rate
 * the host carries then ({@link LagRateBound}), because the measured capacity can be wrong. The host so keeps carrying as many calls as it
 * can while it refuses the rest. The table sizes and the heap are memory bounds: once any reaches its limit
 * every initial request is refused until all are back below {@code overload.resume.percent} of their limits
 * (without that margin the host would flip on every request at the edge). Each decision measures afresh, so
 * a new limit set through the configuration applies to the next request.
 */
public final class OverloadControl {

    public static final OverloadControl INSTANCE = new OverloadControl();

    private static final Logger LOG = LoggerFactory.getLogger(OverloadControl.class);

    /** The queue delay, in percent of its limit, from which the call-rate ceiling holds. */
    static final int CEILING_ENGAGE_PERCENT = 25;
    /** The lag bound never cuts below this part of the measured capacity's ceiling. */
    static final double LAG_BOUND_MINIMUM = 0.5;
    /** How often at most the stack's threads' progress is checked: a window in which a working host takes many. */
    static final long PROGRESS_NANOS = 20_000_000L;
    /**
     * The queue delay, in percent of its limit, from which every new call is refused even while the stack's threads
     * take nothing: a stall that long (1 s at the default limit) leaves the callers retransmitting, and a proxy
     * had better send them elsewhere.
     */
    static final int STALL_PERCENT = 500;
    /** How long the ceiling holds after the host last lagged or the ceiling last refused a call. */
    static final long CEILING_HOLD_NANOS = 5_000_000_000L;
    /**
     * How long after the ceiling refused a call the lag bound counts as refusing, so that it grows while the host
     * keeps up: the rate over which the offered calls are measured.
     */
    static final long REFUSED_LATELY_NANOS = 1_000_000_000L;
    /** How long the host must take every call before it logs that it keeps up again. */
    static final long SHEDDING_LOG_QUIET_NANOS = 5_000_000_000L;

    /** Where the memory bounds are among the measured gauges: after the queue delay and the call rate. */
    private static final int FIRST_MEMORY_BOUND = 2;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder keepAlives = new LongAdder();
    private final LongAdder refusedByCeiling = new LongAdder();
    /** Those refused while the measured capacity, not the lag bound, set the ceiling. */
    private final LongAdder refusedAtCapacity = new LongAdder();
    private volatile boolean capacitySetsCeiling;
    /** Refusing every initial request because an admin takes the host out of service, whatever the load. */
    private volatile boolean draining;
    /** Whether the framework has finished its boot (every boot feature installed): until then probes get 503. */
    private volatile boolean booted = true;
    private final AtomicBoolean atMemoryBound = new AtomicBoolean();
    private final AtomicBoolean shedding = new AtomicBoolean();
    private final CallCapacity capacity = new CallCapacity();
    private final LagRateBound lagBound = new LagRateBound();
    private final RateCeiling ceiling;
    private final LongSupplier nanoClock;
    private volatile long ceilingHeldUntil;
    private volatile long refusedByCeilingSeen;
    private volatile long lastCeilingRefusal = Long.MIN_VALUE;
    private volatile long lastShed;
    private volatile long sheddingSince;
    private volatile long refusedBeforeShedding;
    /**
     * Since when every sample has found the queue delay at its limit with the stack's threads at work;
     * {@link Long#MIN_VALUE} while it is not.
     */
    private long delayAtLimitSince = Long.MIN_VALUE;
    private long delaySampledAt = Long.MIN_VALUE;
    /** The stack's threads' progress as last checked ({@link #PROGRESS_NANOS} apart at least), and whether there was any. */
    private long progressCheckedAt = Long.MIN_VALUE;
    private long handedOutAtCheck;
    private boolean threadsStalled;
    private volatile RecentDecisions decisions;
    private volatile OverloadSettings settings = OverloadSettings.DEFAULTS;
    private volatile OverloadGauges gauges;
    private volatile BooleanSupplier callsRouted = () -> false;

    OverloadControl() {
        this(System::nanoTime);
    }

    OverloadControl(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.ceiling = new RateCeiling(nanoClock);
        this.ceilingHeldUntil = nanoClock.getAsLong();
        this.decisions = new RecentDecisions(nanoClock);
    }

    public OverloadSettings settings() {
        return settings;
    }

    /** Applies validated settings to the next request. */
    public void configure(OverloadSettings next) {
        if (!next.equals(settings)) {
            apply(next);
            LOG.info("Overload control: {}", next);
        }
    }

    /** Starts or ends draining: while on, every initial request is refused and keep-alive probes get 503. */
    public void drain(boolean on) {
        if (draining != on) {
            draining = on;
            if (on) {
                LOG.info("Draining: new calls and other initial requests get 503, keep-alive OPTIONS 503; calls up go on");
            } else {
                LOG.info("Draining ended: taking new calls");
            }
        }
    }

    public boolean draining() {
        return draining;
    }

    /** The framework's boot finished, or not (yet): keep-alive probes say the host is up only once it has. */
    public void booted(boolean finished) {
        if (booted != finished) {
            booted = finished;
            LOG.info(finished ? "Boot finished: keep-alive OPTIONS get 200 while the host takes calls"
                    : "Boot not finished: keep-alive OPTIONS get 503 until every boot feature is installed");
        }
    }

    void apply(OverloadSettings next) {
        settings = next;
        if (!next.enabled()) {
            lagBound.reset();
            capacity.reset();
            ceiling.reset();
            ceilingHeldUntil = nanoClock.getAsLong();
            if (atMemoryBound.getAndSet(false) | shedding.getAndSet(false)) {
                LOG.info("Overload control switched off: accepting every initial request");
            }
        }
    }

    /** The stack that started measures from now on; the counters start again with it. */
    public void attach(OverloadGauges started) {
        LOG.info("Overload control: {}", settings);
        gauges = started;
        decisions = new RecentDecisions(nanoClock);
        accepted.reset();
        refused.reset();
        keepAlives.reset();
        refusedByCeiling.reset();
        refusedAtCapacity.reset();
        atMemoryBound.set(false);
        shedding.set(false);
        lagBound.reset();
        capacity.reset();
        ceiling.reset();
        ceilingHeldUntil = nanoClock.getAsLong();
    }

    public void detach(OverloadGauges stopped) {
        if (gauges == stopped) {
            gauges = null;
        }
    }

    /** A UDP listening point of the running stack: its receive queue is measured from now on. */
    public void watch(OverloadGauges.ReceivePath listeningPoint) {
        OverloadGauges g = gauges;
        if (g != null) {
            g.watch(listeningPoint);
        }
    }

    public void unwatch(OverloadGauges.ReceivePath listeningPoint) {
        OverloadGauges g = gauges;
        if (g != null) {
            g.unwatch(listeningPoint);
        }
    }

    /**
     * Whether the initial request of this transaction may go on to the container. Every copy of a request gets
     * its first copy's decision and is counted once: under load the copies of a retransmitted INVITE can be
     * decided before the stack holds a transaction for the first, on the receive path or in the valve.
     */
    public boolean admit(String transactionId) {
        RecentDecisions recent = decisions;
        Boolean earlier = recent.decided(transactionId);
        if (earlier != null) {
            return earlier;
        }
        boolean admitted = admitInitialRequest();
        if (settings.enabled()) {
            recent.remember(transactionId, admitted);
        }
        return admitted;
    }

    /** Whether one more initial request may go on to the container; counted either way. */
    boolean admitInitialRequest() {
        boolean admit = false;
        if (accepting()) {
            admit = ceiling.admitNext();
            if (!admit) {
                lastCeilingRefusal = nanoClock.getAsLong();
                refusedByCeiling.increment();
                if (capacitySetsCeiling) {
                    refusedAtCapacity.increment();
                }
            }
        }
        (admit ? accepted : refused).increment();
        return admit;
    }

    /**
     * Whether the host takes every call now, for a keep-alive probe; counts the probe only. A host that sheds
     * any share of its calls says so, so that a proxy in front moves traffic to another node.
     */
    public boolean acceptingForProbe() {
        keepAlives.increment();
        return intake() == Intake.TAKING_CALLS;
    }

    /**
     * Whether an application takes calls: the whiteboard knows, and the valve that answers keep-alives tells it
     * here when the stack starts; until then nothing does.
     */
    public void callsRoutedWhen(BooleanSupplier routed) {
        callsRouted = routed;
    }

    /**
     * Whether the host takes new calls now, and if not why: the one state both the keep-alive answer and the
     * health checks read ({@link OverloadStatus#intake()}). Measures afresh, counts nothing.
     */
    public Intake intake() {
        if (!booted) {
            return Intake.BOOTING;
        }
        if (!accepting()) {
            return draining ? Intake.DRAINING : atMemoryBound.get() ? Intake.AT_MEMORY_BOUND : Intake.LAGGING;
        }
        if (ceiling.share() < 1) {
            return Intake.SHEDDING;
        }
        return callsRouted.getAsBoolean() ? Intake.TAKING_CALLS : Intake.NO_APPLICATION;
    }

    public OverloadStatus.Snapshot snapshot() {
        OverloadSettings s = settings;
        // Measured now: the level may have fallen since the last initial request came in.
        boolean refusingAll = !accepting();
        int admitPercent = refusingAll ? 0 : (int) Math.floor(ceiling.share() * 100);
        return new OverloadStatus.Snapshot(s.enabled(), admitPercent < 100, admitPercent, accepted.sum(),
                refused.sum(), keepAlives.sum(), measure(s, gauges));
    }

    /**
     * Measures, updates the ceiling, and tells whether initial requests may pass at all (false at a memory
     * bound and while draining); the ceiling then says which.
     */
    private boolean accepting() {
        if (draining) {
            return false;
        }
        OverloadSettings s = settings;
        OverloadGauges g = gauges;
        if (!s.enabled() || g == null) {
            return true;
        }
        Gauge queueDelay = queueDelay(s, g);
        updateCeiling(s, g, queueDelay);
        // Measured after the update: the ceiling named is the one that decides this request.
        List<Gauge> measured = measure(s, g, queueDelay);
        boolean delayAtLimit = delayStanding(queueDelay, g.serviceCounters().handedOut());
        logShedding(measured, delayAtLimit);
        int memoryLevel = measured.stream().skip(FIRST_MEMORY_BOUND).mapToInt(Gauge::percent).max().orElse(0);
        if (memoryLevel >= 100) {
            if (atMemoryBound.compareAndSet(false, true)) {
                LOG.warn("Overloaded, refusing every initial request with 503: {}", measured);
            }
            return false;
        }
        if (atMemoryBound.get() && memoryLevel < s.resumePercent() && atMemoryBound.compareAndSet(true, false)) {
            LOG.info("Memory gauges back below {}% of their limits, accepting initial requests: {}",
                    s.resumePercent(), measured);
        }
        // The one bound that holds from the first call, whatever was measured or learned before: a new call
        // would wait longer than the limit before any thread took it.
        return !atMemoryBound.get() && !delayAtLimit;
    }

    /**
     * Measures the capacity and the lag bound, and holds the ceiling from the first sign of lag (the queue delay
     * at {@link #CEILING_ENGAGE_PERCENT} of its limit) until for {@link #CEILING_HOLD_NANOS} neither has the
     * host lagged nor has the ceiling refused a call; then the lag bound is forgotten too. A host that keeps up
     * never refuses on an estimate, which may be low: measured while the JIT compiled, or in a slow second.
     * With the queue delay unchecked the ceiling always holds.
     */
    private void updateCeiling(OverloadSettings s, OverloadGauges g, Gauge queueDelay) {
        long now = nanoClock.getAsLong();
        long refusedNow = refusedByCeiling.sum();
        boolean refusing = refusedNow != refusedByCeilingSeen;
        capacity.update(now, g.serviceCounters(), accepted.sum(), refusedAtCapacity.sum());
        boolean lagging = queueDelay.limit() == 0 || queueDelay.percent() >= CEILING_ENGAGE_PERCENT;
        double measured = measuredCeiling(s);
        // Refusing: a call refused within the last second, or more offered lately than the ceiling lets through.
        // The share alone missed calls that come in clumps (a proxy's, a load generator's): their average stayed
        // under a bound cut at the load itself (a stall of the machine's other processes), each clump overflowed
        // the bucket, the bound never grew, and its refusals held the ceiling on for minutes (issue 20).
        long lastRefusal = lastCeilingRefusal;
        boolean refusedLately = lastRefusal != Long.MIN_VALUE && now - lastRefusal < REFUSED_LATELY_NANOS;
        lagBound.update(now, queueDelay.percent(), capacity.busyCallsPerSecond(),
                refusedLately || ceiling.share() < 1, Double.isInfinite(measured) ? 0 : measured * LAG_BOUND_MINIMUM);
        capacitySetsCeiling = measured <= lagBound.perSecond();
        if (lagging || refusing) {
            ceilingHeldUntil = now + CEILING_HOLD_NANOS;
            refusedByCeilingSeen = refusedNow;
        }
        boolean held = now - ceilingHeldUntil < 0;
        if (!held) {
            lagBound.reset();
        }
        ceiling.set(held ? ceilingRate(s) : Double.POSITIVE_INFINITY);
    }

    /** The call rate admitted at most while the ceiling holds; infinite while unknown and unbounded. */
    private double ceilingRate(OverloadSettings s) {
        return Math.min(measuredCeiling(s), lagBound.perSecond());
    }

    /** The share of the measured capacity admitted at most; infinite while unknown or unchecked. */
    private double measuredCeiling(OverloadSettings s) {
        return s.capacityPercent() == 0 ? Double.POSITIVE_INFINITY
                : capacity.callsPerSecond() * s.capacityPercent() / 100;
    }

    /**
     * Logs once when the host starts shedding for lag or rate, and once when it has taken every call for
     * {@link #SHEDDING_LOG_QUIET_NANOS}, with what it refused meanwhile: at the edge of its capacity the share
     * crosses 1 many times a second, and a line for each crossing buried the log.
     */
    private void logShedding(List<Gauge> measured, boolean delayAtLimit) {
        long now = nanoClock.getAsLong();
        if (delayAtLimit || ceiling.share() < 1) {
            lastShed = now;
            if (shedding.compareAndSet(false, true)) {
                sheddingSince = now;
                refusedBeforeShedding = refused.sum();
                LOG.warn("Overloaded, {}; gauges {}; {}", sheddingReason(measured, delayAtLimit), measured, capacity);
            }
        } else if (shedding.get() && now - lastShed >= SHEDDING_LOG_QUIET_NANOS
                && shedding.compareAndSet(true, false)) {
            OverloadGauges g = gauges;
            LOG.info("Keeping up again, admitting every initial request after shedding for {} s ({} refused): {}; {};"
                    + " {} retransmissions of datagrams still waiting dropped so far",
                    (lastShed - sheddingSince) / 1_000_000_000L, refused.sum() - refusedBeforeShedding, measured,
                    capacity, g == null ? 0 : g.duplicatesDropped());
        }
    }

    /** Which gauge is over its limit now, as the line that says the host sheds names it. */
    String sheddingReason() {
        OverloadGauges g = gauges;
        if (g == null) {
            return "not measuring";
        }
        List<Gauge> measured = measure(settings, g);
        return sheddingReason(measured, delayStandingNow(measured.get(0)));
    }

    /** Which gauge is over its limit, for the line that says the host sheds. */
    private String sheddingReason(List<Gauge> measured, boolean delayAtLimit) {
        return delayAtLimit ? "refusing every initial request with 503 while " + measured.get(0) + " stays at its limit"
                : overCeiling(measured.get(1));
    }

    /**
     * What makes the ceiling refuse, for the log: the calls offered against it, and the bound that set it. The
     * calls admitted cannot pass the ceiling, so the gauge alone showed a rate below its limit (issue 27).
     */
    private String overCeiling(Gauge rate) {
        String setBy = capacitySetsCeiling
                ? "the measured capacity (" + settings.capacityPercent() + " % of what the host carries busy)"
                : "the lag bound (the queue delay rose past " + LagRateBound.LAG_PERCENT
                        + " % of its limit with every stack thread busy; 90 % or less of the calls then carried)";
        return String.format(java.util.Locale.ROOT,
                "admitting a share of initial requests (503 for the rest): calls offered per second %d over the %s "
                        + "limit=%d set by %s",
                Math.round(ceiling.offeredPerSecond()), rate.name(), rate.limit(), setBy);
    }

    /**
     * Whether the queue delay refuses every new call: it has stayed at its limit for as long again as the limit
     * while the stack's threads were at work (each sample, one per initial request, at or over it, the samples no
     * further apart than that), or it has reached {@link #STALL_PERCENT} of its limit whatever the threads do.
     * A host whose threads work and still fall that far behind is overloaded. A host whose threads take nothing is
     * stalled (a collection, the machine's other processes taking the cores): its delay climbs while the reader
     * still reads and falls within milliseconds once they run again, so refusing would only fail calls. Refused at
     * the limit with a rising trend, a cluster host carrying 20 calls/s, 2 % of what it could, refused 6 calls after
     * a 233 ms stall, and at the limit standing 200 ms, 1 call after a 413 ms stall while the other host booted.
     */
    private synchronized boolean delayStanding(Gauge queueDelay, long handedOut) {
        long now = nanoClock.getAsLong();
        if (progressCheckedAt == Long.MIN_VALUE || now - progressCheckedAt >= PROGRESS_NANOS) {
            threadsStalled = progressCheckedAt != Long.MIN_VALUE && handedOut == handedOutAtCheck;
            handedOutAtCheck = handedOut;
            progressCheckedAt = now;
        }
        long standingNanos = queueDelay.limit() * 1_000_000L;
        boolean continuous = delaySampledAt != Long.MIN_VALUE && now - delaySampledAt <= standingNanos;
        delaySampledAt = now;
        if (queueDelay.percent() < 100) {
            delayAtLimitSince = Long.MIN_VALUE;
        } else if (queueDelay.percent() < STALL_PERCENT
                && (delayAtLimitSince == Long.MIN_VALUE || !continuous || threadsStalled)) {
            delayAtLimitSince = now;
        }
        return stands(queueDelay, now);
    }

    /** Whether the queue delay refuses every new call now, without taking a sample: for the log. */
    private synchronized boolean delayStandingNow(Gauge queueDelay) {
        return stands(queueDelay, nanoClock.getAsLong());
    }

    /** The verdict on the samples taken so far: at five times the limit, or at the limit for as long again. */
    private boolean stands(Gauge queueDelay, long now) {
        return queueDelay.percent() >= STALL_PERCENT || queueDelay.percent() >= 100
                && delayAtLimitSince != Long.MIN_VALUE && now - delayAtLimitSince >= queueDelay.limit() * 1_000_000L;
    }

    private static Gauge queueDelay(OverloadSettings s, OverloadGauges g) {
        return new Gauge("queue.delay.ms", g.queueDelayMillis(), s.queueDelayMillis());
    }

    private List<Gauge> measure(OverloadSettings s, OverloadGauges g) {
        return g == null ? List.of() : measure(s, g, queueDelay(s, g));
    }

    private List<Gauge> measure(OverloadSettings s, OverloadGauges g, Gauge queueDelay) {
        double ceilingNow = ceilingRate(s);
        return List.of(queueDelay,
                new Gauge("calls.per.second", Math.round(ceiling.admittedPerSecond()),
                        Double.isInfinite(ceilingNow) ? 0 : Math.round(ceilingNow)),
                new Gauge("server.transactions", g.serverTransactions(), s.serverTransactions()),
                new Gauge("dialogs", g.dialogs(), s.dialogs()),
                new Gauge("heap.percent", g.heapPercentAfterGc(), s.heapPercent()));
    }
}
