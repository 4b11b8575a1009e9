package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;

/** The figures sipsm:setup-timeouts, sipsm:diagnose and the Prometheus endpoint read. */
class EndCountersTest {

    private static final String HELP = "Calls and gateway attempts the setup-timeout policy followed, by how they"
            + " ended (INVITE, Trying, Ringing timeout, resend budget spent, early hangup, answered, failed)";

    @Test
    void publishesEveryReasonFromTheStartUnderItsReasonLabel() {
        EndCounters counters = new EndCounters();
        counters.count(EndReason.EARLY_HANGUP);
        counters.count(EndReason.ANSWERED);
        counters.count(EndReason.ANSWERED);

        Map<String, Double> byReason = counters.metrics().stream().peek(metric -> {
            assertEquals("sipsm_setup_ended_total", metric.name());
            assertEquals(Metric.Type.COUNTER, metric.type());
            assertEquals(HELP, metric.help());
        }).collect(Collectors.toMap(metric -> metric.labels().get("reason"), Metric::value));
        assertEquals(Map.of("invite_timeout", 0.0, "retransmissions_spent", 0.0, "trying_timeout", 0.0,
                "ringing_timeout", 0.0, "early_hangup", 1.0, "answered", 2.0, "failed", 0.0, "not_tracked", 0.0),
                byReason);
    }

    @Test
    void snapshotListsEveryReasonInOrder() {
        EndCounters counters = new EndCounters();
        counters.count(EndReason.NOT_TRACKED);

        Map<EndReason, Long> counts = counters.snapshot();

        assertEquals(List.of(EndReason.values()), List.copyOf(counts.keySet()));
        assertEquals(1L, counts.get(EndReason.NOT_TRACKED));
        assertEquals(1L, counters.get(EndReason.NOT_TRACKED));
        assertEquals(0L, counts.get(EndReason.FAILED));
    }
}
