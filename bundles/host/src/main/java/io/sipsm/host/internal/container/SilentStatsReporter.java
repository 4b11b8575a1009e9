package io.sipsm.host.internal.container;

import java.lang.reflect.Field;
import java.util.SortedMap;
import java.util.concurrent.TimeUnit;

import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;
import org.restcomm.commons.statistics.reporter.RestcommStatsReporter;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Timer;

/**
 * Stands in for the container's usage-statistics reporter. The container starts its reporter even with
 * statistics switched off, and the reporter posts to a remote server when it stops: the host opens no
 * connection but to SIP peers, so this one never schedules and never reports.
 */
final class SilentStatsReporter extends RestcommStatsReporter {

    /** Replaces the dispatcher's reporter before the dispatcher starts it. */
    static void install(SipApplicationDispatcherImpl dispatcher) {
        try {
            Field field = SipApplicationDispatcherImpl.class.getDeclaredField("statsReporter");
            field.setAccessible(true);
            field.set(dispatcher, new SilentStatsReporter());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot silence the container's statistics reporter", e);
        }
    }

    @Override
    public void start(long period, TimeUnit unit) {
    }

    @Override
    public void stop() {
    }

    @Override
    public void report(SortedMap<String, Gauge> gauges, SortedMap<String, Counter> counters,
            SortedMap<String, Histogram> histograms, SortedMap<String, Meter> meters, SortedMap<String, Timer> timers) {
    }
}
