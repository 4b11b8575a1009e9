package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndReason;
import io.sipsm.metrics.Metric;

class CallFiguresTest {

    @Test
    void publishesEachFamilyWithDurationsInSeconds() {
        CallFigures figures = new CallFigures();
        figures.attempted.increment("acme");
        figures.answered.increment("acme", "gw1:5060");
        figures.duration.add(1500, "acme", "gw1:5060");
        figures.setup.observe(0.3, "acme", "gw1:5060");
        assertEquals(Map.of("sipsm_calls_attempted_total{tenant=\"acme\"}", 1.0,
                "sipsm_calls_answered_total{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.0,
                "sipsm_calls_active{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.0,
                "sipsm_call_duration_seconds_total{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.5,
                "sipsm_call_setup_seconds{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.0), series(figures));
    }

    @Test
    void activeCallsAreTheAnsweredNotYetEndedByAnySide() {
        CallFigures figures = new CallFigures();
        for (int i = 0; i < 5; i++) {
            figures.answered.increment("acme", "gw1:5060");
        }
        figures.answered.increment("", "gw2:5060");
        figures.ended.increment("acme", "gw1:5060", CallFigures.CALLER);
        figures.ended.increment("acme", "gw1:5060", CallFigures.CALLEE);
        figures.ended.increment("acme", "gw1:5060", CallFigures.PLATFORM);
        figures.ended.increment("", "gw2:5060", CallFigures.CALLER);
        Map<String, Double> series = series(figures);
        assertEquals(2.0, series.get("sipsm_calls_active{gateway=\"gw1:5060\",tenant=\"acme\"}"));
        assertEquals(0.0, series.get("sipsm_calls_active{gateway=\"gw2:5060\",tenant=\"\"}"));
    }

    @Test
    void eachCallRecordCountsUnderItsTenantAndEndReason() {
        CallFigures figures = new CallFigures();
        figures.recorded(record("acme", EndReason.SESSION_EXPIRED));
        figures.recorded(record("acme", EndReason.SESSION_EXPIRED));
        figures.recorded(record(null, EndReason.FAILOVER_EXHAUSTED));
        figures.recorded(record("acme", null));
        assertEquals(Map.of("sipsm_call_end_reasons_total{reason=\"session_expired\",tenant=\"acme\"}", 2.0,
                "sipsm_call_end_reasons_total{reason=\"failover_exhausted\",tenant=\"\"}", 1.0,
                "sipsm_call_end_reasons_total{reason=\"other\",tenant=\"acme\"}", 1.0), series(figures));
    }

    private static CallRecord record(String tenant, EndReason reason) {
        CallRecord record = new CallRecord();
        record.tenant = tenant;
        record.endReason = reason;
        return record;
    }

    private static Map<String, Double> series(CallFigures figures) {
        return figures.metrics().stream().collect(Collectors.toMap(Metric::series, Metric::value));
    }
}
