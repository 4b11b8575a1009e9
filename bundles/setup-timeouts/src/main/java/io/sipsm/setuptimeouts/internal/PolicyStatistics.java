package io.sipsm.setuptimeouts.internal;

import java.util.Map;

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
