package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;

/** The figures sipsm:session-timers, sipsm:diagnose and the Prometheus endpoint read. */
class StatisticsTest {

    private static final String HELP =
            "Session-timer outcomes: refreshes, 491 retries, expiries, 422/400 sent and received, keep-alives failed";

    @Test
    void publishesEveryOutcomeFromTheStartUnderItsEventLabel() {
        Statistics statistics = new Statistics();
        statistics.count(Outcome.EXPIRED);
        statistics.count(Outcome.KEEPALIVE_FAILED);
        statistics.count(Outcome.KEEPALIVE_FAILED);

        Map<String, Double> byEvent = statistics.metrics().stream().peek(metric -> {
            assertEquals("sipsm_session_timer_events_total", metric.name());
            assertEquals(Metric.Type.COUNTER, metric.type());
            assertEquals(HELP, metric.help());
        }).collect(Collectors.toMap(metric -> metric.labels().get("event"), Metric::value));
        assertEquals(Map.of("refreshed", 0.0, "glare_retried", 0.0, "expired", 1.0, "sent_422", 0.0,
                "received_422", 0.0, "sent_400", 0.0, "keepalive_failed", 2.0), byEvent);
    }

    @Test
    void snapshotListsEveryOutcomeInOrder() {
        Statistics statistics = new Statistics();
        statistics.count(Outcome.REFRESHED);

        Map<Outcome, Long> counts = statistics.snapshot();

        assertEquals(java.util.List.of(Outcome.values()), java.util.List.copyOf(counts.keySet()));
        assertEquals(1L, counts.get(Outcome.REFRESHED));
        assertEquals(0L, counts.get(Outcome.SENT_400));
        assertEquals(1L, statistics.get(Outcome.REFRESHED));
    }
}
