package io.sipsm.host.internal;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.OverloadStatus;
import io.sipsm.host.OverloadStatus.Gauge;

/**
 * Decides whether the host takes one more initial request, and counts. One per host: the stack creates its
 * valve by class name, so the valve and the OSGi component meet here, as the dispatcher and the interceptors
 * meet in {@link InterceptorChain}.
 *
 * <p>The host refuses once any gauge reaches its limit and accepts again once every gauge is back below
 * {@code overload.resume.percent} of its limit; without that margin it would flip on every request at the
 * edge. Each decision measures afresh, so a new limit set through the configuration applies to the next
 * request.
 */
final class OverloadControl {

    static final OverloadControl INSTANCE = new OverloadControl();

    private static final Logger LOG = LoggerFactory.getLogger(OverloadControl.class);

    private final LongAdder accepted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder keepAlives = new LongAdder();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private volatile OverloadSettings settings = OverloadSettings.DEFAULTS;
    private volatile OverloadGauges gauges;

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
        if (!next.enabled() && refusing.compareAndSet(true, false)) {
            LOG.info("Overload control switched off: accepting every initial request");
        }
    }

    /** The stack that started measures from now on; the counters start again with it. */
    void attach(OverloadGauges started) {
        gauges = started;
        accepted.reset();
        refused.reset();
        keepAlives.reset();
        refusing.set(false);
    }

    void detach(OverloadGauges stopped) {
        if (gauges == stopped) {
            gauges = null;
        }
    }

    /** Whether one more initial request may go on to the container; counted either way. */
    boolean admitInitialRequest() {
        boolean admit = accepting();
        (admit ? accepted : refused).increment();
        return admit;
    }

    /** Whether the host accepts calls now, for a keep-alive probe; counts the probe only. */
    boolean acceptingForProbe() {
        keepAlives.increment();
        return accepting();
    }

    OverloadStatus.Snapshot snapshot() {
        OverloadSettings s = settings;
        // Measured now: the level may have fallen since the last initial request came in.
        boolean refusingNow = !accepting();
        return new OverloadStatus.Snapshot(s.enabled(), refusingNow, accepted.sum(), refused.sum(),
                keepAlives.sum(), measure(s, gauges));
    }

    private boolean accepting() {
        OverloadSettings s = settings;
        OverloadGauges g = gauges;
        if (!s.enabled() || g == null) {
            return true;
        }
        List<Gauge> measured = measure(s, g);
        int level = measured.stream().mapToInt(Gauge::percent).max().orElse(0);
        if (level >= 100) {
            if (refusing.compareAndSet(false, true)) {
                LOG.warn("Overloaded, refusing initial requests with 503: {}", measured);
            }
            return false;
        }
        if (refusing.get() && level < s.resumePercent() && refusing.compareAndSet(true, false)) {
            LOG.info("Load back below {}% of every limit, accepting initial requests: {}", s.resumePercent(), measured);
        }
        return !refusing.get();
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
