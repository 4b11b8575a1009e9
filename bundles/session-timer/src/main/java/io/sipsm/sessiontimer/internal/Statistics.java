package io.sipsm.sessiontimer.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sipsm.metrics.CounterFamily;
import io.sipsm.metrics.Metric;

/** Counts per {@link Outcome}, kept as the published series {@code sipsm_session_timer_events_total{event=...}}. */
final class Statistics {

    private final CounterFamily events = new CounterFamily("sipsm_session_timer_events_total",
            "Session-timer outcomes: refreshes, 491 retries, expiries, 422/400 sent and received, keep-alives failed",
            "event");

    Statistics() {
        // Every outcome published from the start, at 0: sipsm:diagnose reads a missing series as unknown.
        for (Outcome outcome : Outcome.values()) {
            events.add(0, event(outcome));
        }
    }

    void count(Outcome outcome) {
        events.increment(event(outcome));
    }

    long get(Outcome outcome) {
        return events.get(event(outcome));
    }

    /** A snapshot, every outcome present. */
    Map<Outcome, Long> snapshot() {
        Map<Outcome, Long> copy = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            copy.put(outcome, get(outcome));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The counts as figures, one series per outcome. */
    List<Metric> metrics() {
        return events.metrics();
    }

    /** The label value of an outcome: its name in lower case, e.g. {@code keepalive_failed}. */
    private static String event(Outcome outcome) {
        return outcome.name().toLowerCase(Locale.ROOT);
    }
}
