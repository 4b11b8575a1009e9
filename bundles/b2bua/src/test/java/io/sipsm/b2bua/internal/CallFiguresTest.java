package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;

class CallFiguresTest {

    @Test
    void publishesEachFamilyWithDurationsInSeconds() {
        CallFigures figures = new CallFigures();
        figures.attempted.increment("acme");
        figures.answered.increment("acme", "gw1:5060");
        figures.duration.add(1500, "acme", "gw1:5060");
        figures.setup.observe(0.3, "acme", "gw1:5060");
        Map<String, Double> series = figures.metrics().stream()
                .collect(Collectors.toMap(Metric::series, Metric::value));
        assertEquals(Map.of("sipsm_calls_attempted_total{tenant=\"acme\"}", 1.0,
                "sipsm_calls_answered_total{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.0,
                "sipsm_call_duration_seconds_total{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.5,
                "sipsm_call_setup_seconds{gateway=\"gw1:5060\",tenant=\"acme\"}", 1.0), series);
    }
}
