package io.sipsm.host.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.OverloadStatus;
import io.sipsm.host.OverloadStatus.Gauge;

/**
 * Decides whether the host takes one more initial request, and counts. One per host: the stack creates its
 * valve by class name, so the valve and the OSGi component meet here, as the dispatcher and the interceptors
 * meet in {@link InterceptorChain}.
 *
 * <p>Two kinds of gauge, two kinds of answer. The queue delay says the host lags: it then admits a share of
 * the initial requests that follows the delay ({@link AdmissionThrottle}), so that it keeps carrying as many
 * calls as it can while shedding the rest. The table sizes and the heap are memory bounds: once any reaches
 * its limit every initial request is refused until all are back below {@code overload.resume.percent} of
 * their limits (without that margin the host would flip on every request at the edge). Each decision
 * measures afresh, so a new limit set through the configuration applies to the next request.
 */
final class OverloadControl {

    static final OverloadControl INSTANCE = new OverloadControl();

    private static final Logger LOG = LoggerFactory.getLogger(OverloadControl.class);

    /** Where the queue delay is among the measured gauges; the memory bounds follow it. */
    private static final int QUEUE_DELAY = 0;

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder keepAlives = new LongAdder();
    private final AtomicBoolean atMemoryBound = new AtomicBoolean();
    private final AtomicBoolean throttling = new AtomicBoolean();
    private final AdmissionThrottle throttle;
    private volatile OverloadSettings settings = OverloadSettings.DEFAULTS;
    private volatile OverloadGauges gauges;

    OverloadControl() {
        this(System::nanoTime);
    }

    OverloadControl(LongSupplier nanoClock) {
        this.throttle = new AdmissionThrottle(nanoClock);
    }

    OverloadSettings settings() {
        return settings;
    }

    /**
     * Applies the admission-control keys of the host's configuration; a bad value is logged with its key and
     * reason and changes nothing.
     */
    void configure(java.util.Map<String, ?> properties) {
        OverloadSettings current = settings;
        try {
            OverloadSettings next = OverloadSettings.parse(properties);
            if (!next.equals(current)) {
                apply(next);
                LOG.info("Overload control: {}", next);
            }
        } catch (OverloadSettings.InvalidSetting e) {
            LOG.error("{}: {}={} rejected: {}; overload control keeps {}", SipHost.PID, e.key, e.value, e.reason,
                    current);
        }
    }

    void apply(OverloadSettings next) {
        settings = next;
        if (!next.enabled()) {
            throttle.reset();
            if (atMemoryBound.getAndSet(false) | throttling.getAndSet(false)) {
                LOG.info("Overload control switched off: accepting every initial request");
            }
        }
    }

    /** The stack that started measures from now on; the counters start again with it. */
    void attach(OverloadGauges started) {
        gauges = started;
        accepted.reset();
        refused.reset();
        keepAlives.reset();
        atMemoryBound.set(false);
        throttling.set(false);
        throttle.reset();
    }

    void detach(OverloadGauges stopped) {
        if (gauges == stopped) {
            gauges = null;
        }
    }

    /** Whether one more initial request may go on to the container; counted either way. */
    boolean admitInitialRequest() {
        boolean admit = accepting() && throttle.admitNext();
        (admit ? accepted : refused).increment();
        return admit;
    }

    /**
     * Whether the host takes every call now, for a keep-alive probe; counts the probe only. A host that sheds
     * any share of its calls says so, so that a proxy in front moves traffic to another node.
     */
    boolean acceptingForProbe() {
        keepAlives.increment();
        return accepting() && throttle.share() >= 1;
    }

    OverloadStatus.Snapshot snapshot() {
        OverloadSettings s = settings;
        // Measured now: the level may have fallen since the last initial request came in.
        boolean refusingAll = !accepting();
        int admitPercent = refusingAll ? 0 : (int) Math.floor(throttle.share() * 100);
        return new OverloadStatus.Snapshot(s.enabled(), admitPercent < 100, admitPercent, accepted.sum(),
                refused.sum(), keepAlives.sum(), measure(s, gauges));
    }

    /**
     * Measures, updates the throttle and tells whether initial requests may pass at all (false at a memory
     * bound); the throttle's share then says which.
     */
    private boolean accepting() {
        OverloadSettings s = settings;
        OverloadGauges g = gauges;
        if (!s.enabled() || g == null) {
            return true;
        }
        List<Gauge> measured = measure(s, g);
        throttle.update(measured.get(QUEUE_DELAY).percent(), s.resumePercent());
        logThrottle(measured);
        int memoryLevel = measured.stream().skip(QUEUE_DELAY + 1).mapToInt(Gauge::percent).max().orElse(0);
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
        return !atMemoryBound.get();
    }

    /** Logs once when the host starts shedding for lag, and once when it takes every call again. */
    private void logThrottle(List<Gauge> measured) {
        boolean shedding = throttle.share() < 1;
        if (shedding != throttling.get() && throttling.compareAndSet(!shedding, shedding)) {
            if (shedding) {
                LOG.warn("Overloaded, admitting a share of initial requests (503 for the rest): {}", measured);
            } else {
                LOG.info("Keeping up again, admitting every initial request: {}", measured);
            }
        }
    }

    private static List<Gauge> measure(OverloadSettings s, OverloadGauges g) {
        if (g == null) {
            return List.of();
        }
        return List.of(new Gauge("queue.delay.ms", g.queueDelayMillis(), s.queueDelayMillis()),
                new Gauge("server.transactions", g.serverTransactions(), s.serverTransactions()),
                new Gauge("dialogs", g.dialogs(), s.dialogs()),
                new Gauge("heap.percent", g.heapPercentAfterGc(), s.heapPercent()));
    }
}
