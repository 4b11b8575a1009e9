package io.sipsm.prack.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;

/** The figures sipsm:prack, sipsm:diagnose and the Prometheus endpoint read: names, help texts, order, values. */
class PrackCountersTest {

    @Test
    void publishesEveryCounterFromTheStartAndCountsOutcomes() {
        PrackCounters counters = new PrackCounters();
        assertEquals(List.of(
                Metric.counter("sipsm_prack_reliable_provisionals_total", "reliable provisionals sent", Map.of(), 0),
                Metric.counter("sipsm_prack_received_total", "PRACKs received", Map.of(), 0),
                Metric.counter("sipsm_prack_timeouts_total", "PRACK timeouts (INVITE rejected 500)", Map.of(), 0),
                Metric.counter("sipsm_prack_rejected_420_total", "INVITEs requiring 100rel rejected (420)", Map.of(),
                        0)), counters.metrics());

        counters.reliableSent.increment();
        counters.reliableSent.increment();
        counters.outcome(true);
        counters.outcome(false);
        counters.outcome(false);
        counters.rejectedUnsupported.increment();

        assertEquals(List.of(2.0, 1.0, 2.0, 1.0), counters.metrics().stream().map(Metric::value).toList());
    }
}
