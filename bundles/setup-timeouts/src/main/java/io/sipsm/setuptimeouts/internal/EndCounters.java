package io.sipsm.setuptimeouts.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.sipsm.metrics.CounterFamily;
import io.sipsm.metrics.Metric;

/** A count per {@link EndReason}, kept as the published series {@code sipsm_setup_ended_total{reason=...}}. */
final class EndCounters {

    private final CounterFamily ended = new CounterFamily("sipsm_setup_ended_total",
            "Calls and gateway attempts the setup-timeout policy followed, by how they ended (INVITE, Trying,"
                    + " Ringing timeout, resend budget spent, early hangup, answered, failed)",
            "reason");

    EndCounters() {
        // Every reason published from the start, at 0: sipsm:diagnose reads a missing series as unknown.
        for (EndReason reason : EndReason.values()) {
            ended.add(0, label(reason));
        }
    }

    void count(EndReason reason) {
        ended.increment(label(reason));
    }

    long get(EndReason reason) {
        return ended.get(label(reason));
    }

    /** A consistent-enough copy, in the reasons' order. */
    Map<EndReason, Long> snapshot() {
        Map<EndReason, Long> copy = new EnumMap<>(EndReason.class);
        for (EndReason reason : EndReason.values()) {
            copy.put(reason, get(reason));
        }
        return Collections.unmodifiableMap(copy);
    }

    /** The counts as figures, one series per reason. */
    List<Metric> metrics() {
        return ended.metrics();
    }

    /** The label value of a reason: its name in lower case, e.g. {@code early_hangup}. */
    private static String label(EndReason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }
}
