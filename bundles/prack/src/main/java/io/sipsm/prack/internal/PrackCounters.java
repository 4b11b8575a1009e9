package io.sipsm.prack.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.sipsm.metrics.Metric;

/** What the PRACK policy did since it started, published as {@code io.sipsm.metrics} figures. */
final class PrackCounters {

    final LongAdder reliableSent = new LongAdder();
    final LongAdder pracksReceived = new LongAdder();
    final LongAdder prackTimeouts = new LongAdder();
    final LongAdder rejectedUnsupported = new LongAdder();

    void outcome(boolean acknowledged) {
        (acknowledged ? pracksReceived : prackTimeouts).increment();
    }

    /** The counters as figures; their help texts are what {@code sipsm:prack} prints. */
    List<Metric> metrics() {
        return List.of(
                Metric.counter("sipsm_prack_reliable_provisionals_total", "reliable provisionals sent", Map.of(),
                        reliableSent.sum()),
                Metric.counter("sipsm_prack_received_total", "PRACKs received", Map.of(), pracksReceived.sum()),
                Metric.counter("sipsm_prack_timeouts_total", "PRACK timeouts (INVITE rejected 500)", Map.of(),
                        prackTimeouts.sum()),
                Metric.counter("sipsm_prack_rejected_420_total", "INVITEs requiring 100rel rejected (420)", Map.of(),
                        rejectedUnsupported.sum()));
    }
}
