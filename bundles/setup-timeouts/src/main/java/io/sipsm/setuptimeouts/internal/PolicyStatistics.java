package io.sipsm.setuptimeouts.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.sipsm.metrics.Metric;

/** The live view of the policy's counters and call table. */
final class PolicyStatistics implements SetupTimeoutStatistics {

    private final EndCounters counters;
    private final CallTable table;

    PolicyStatistics(EndCounters counters, CallTable table) {
        this.counters = counters;
        this.table = table;
    }

    @Override
    public Map<EndReason, Long> endCounts() {
        return counters.snapshot();
    }

    /** The counts {@code sipsm:setup-timeouts} prints, and the calls followed now, as published figures. */
    List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>(counters.metrics());
        metrics.add(Metric.gauge("sipsm_setup_calls_followed", "Calls being set up and followed now", Map.of(),
                table.activeCalls()));
        return metrics;
    }

    @Override
    public int activeCalls() {
        return table.activeCalls();
    }

    @Override
    public int pendingArrivals() {
        return table.pendingArrivals();
    }

    @Override
    public int capacity() {
        return table.capacity();
    }
}
