package io.sipsm.prack.internal;

import java.util.ArrayList;
import java.util.List;

import io.sipsm.metrics.CounterFamily;
import io.sipsm.metrics.Metric;

/** What the PRACK policy did since it started, counted and published as {@code io.sipsm.metrics} figures. */
final class PrackCounters {

    final CounterFamily reliableSent = new CounterFamily("sipsm_prack_reliable_provisionals_total",
            "reliable provisionals sent");
    final CounterFamily pracksReceived = new CounterFamily("sipsm_prack_received_total", "PRACKs received");
    final CounterFamily prackTimeouts = new CounterFamily("sipsm_prack_timeouts_total",
            "PRACK timeouts (INVITE rejected 500)");
    final CounterFamily rejectedUnsupported = new CounterFamily("sipsm_prack_rejected_420_total",
            "INVITEs requiring 100rel rejected (420)");

    /** In the order {@code sipsm:prack} prints them. */
    private final List<CounterFamily> all = List.of(reliableSent, pracksReceived, prackTimeouts, rejectedUnsupported);

    PrackCounters() {
        // Published at 0 from the start: sipsm:prack lists every counter and sipsm:diagnose reads a missing one as unknown.
        all.forEach(family -> family.add(0));
    }

    void outcome(boolean acknowledged) {
        (acknowledged ? pracksReceived : prackTimeouts).increment();
    }

    /** The counters as figures; their help texts are what {@code sipsm:prack} prints. */
    List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        all.forEach(family -> metrics.addAll(family.metrics()));
        return metrics;
    }
}
