package io.sipsm.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.HistogramFamily;
import io.sipsm.metrics.Metric;

class PrometheusTextTest {

    @Test
    void eachNameHasItsHelpAndTypeOnceAndItsSamplesTogether() {
        HistogramFamily setup = new HistogramFamily("sipsm_setup_seconds", "setup time", new double[] {0.5, 2},
                "tenant");
        setup.observe(0.25, "acme");
        setup.observe(3, "acme");
        String text = PrometheusText.write(List.of(
                Metric.counter("sipsm_calls_total", "calls", Map.of("tenant", "acme"), 3),
                Metric.gauge("sipsm_level", "a level\nwith a \\ in it", Map.of(), 0.25),
                Metric.counter("sipsm_calls_total", "calls", Map.of("tenant", "beta"), 1),
                setup.metrics().get(0)));
        assertEquals("""
                # HELP sipsm_calls_total calls
                # TYPE sipsm_calls_total counter
                sipsm_calls_total{tenant="acme"} 3
                sipsm_calls_total{tenant="beta"} 1
                # HELP sipsm_level a level\\nwith a \\\\ in it
                # TYPE sipsm_level gauge
                sipsm_level 0.25
                # HELP sipsm_setup_seconds setup time
                # TYPE sipsm_setup_seconds histogram
                sipsm_setup_seconds_bucket{tenant="acme",le="0.5"} 1
                sipsm_setup_seconds_bucket{tenant="acme",le="2"} 1
                sipsm_setup_seconds_bucket{tenant="acme",le="+Inf"} 2
                sipsm_setup_seconds_sum{tenant="acme"} 3.25
                sipsm_setup_seconds_count{tenant="acme"} 2
                """, text);
    }

    @Test
    void aNameReusedWithAnotherTypeKeepsOnlyTheFirstType() {
        String text = PrometheusText.write(List.of(
                Metric.counter("sipsm_x_total", "x", Map.of("a", "1"), 1),
                Metric.gauge("sipsm_x_total", "x", Map.of("a", "2"), 2)));
        assertEquals("""
                # HELP sipsm_x_total x
                # TYPE sipsm_x_total counter
                sipsm_x_total{a="1"} 1
                """, text);
    }

    @Test
    void numbersAreWrittenAsTheFormatReadsThem() {
        assertEquals("3", Samples.number(3.0));
        assertEquals("0.25", Samples.number(0.25));
        assertEquals("+Inf", Samples.number(Double.POSITIVE_INFINITY));
        assertEquals("NaN", Samples.number(Double.NaN));
    }
}
