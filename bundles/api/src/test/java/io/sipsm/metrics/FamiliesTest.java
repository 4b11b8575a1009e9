package io.sipsm.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class FamiliesTest {

    @Test
    void countersKeepOneSeriesPerLabelSet() {
        CounterFamily answered = new CounterFamily("sipsm_test_total", "help", "tenant", "gateway");
        answered.increment("acme", "gw1");
        answered.increment("acme", "gw1");
        answered.add(5, "beta", "gw2");
        assertEquals(2, answered.get("acme", "gw1"));
        assertEquals(5, answered.get("beta", "gw2"));
        assertEquals(0, answered.get("acme", "gw2"));
        List<Metric> metrics = answered.metrics();
        assertEquals(2, metrics.size());
        Metric acme = metrics.stream().filter(m -> m.labels().get("tenant").equals("acme")).findFirst().orElseThrow();
        assertEquals("sipsm_test_total{gateway=\"gw1\",tenant=\"acme\"}", acme.series());
        assertEquals(2.0, acme.value());
        assertEquals(Metric.Type.COUNTER, acme.type());
    }

    @Test
    void aCounterOnlyGoesUpAndTakesOneValuePerLabel() {
        CounterFamily family = new CounterFamily("sipsm_test_total", "help", "tenant");
        assertThrows(IllegalArgumentException.class, () -> family.add(-1, "acme"));
        assertThrows(IllegalArgumentException.class, () -> family.increment("acme", "extra"));
    }

    @Test
    void labelSetsAreBounded() {
        CounterFamily family = new CounterFamily("sipsm_test_total", "help", "tenant");
        for (int i = 0; i < Labels.MAX_SERIES + 50; i++) {
            family.increment("t" + i);
        }
        assertEquals(Labels.MAX_SERIES + 1, family.metrics().size());
        assertEquals(50, family.get(Labels.OTHER));
    }

    @Test
    void histogramsCountIntoTheFirstBucketThatHoldsTheValue() {
        HistogramFamily setup = new HistogramFamily("sipsm_test_seconds", "help", new double[] {0.1, 1, 5}, "gateway");
        setup.observe(0.05, "gw1");
        setup.observe(0.1, "gw1");
        setup.observe(0.7, "gw1");
        setup.observe(9, "gw1");
        HistogramFamily.Snapshot snapshot = setup.get("gw1");
        assertEquals(List.of(0.1, 1.0, 5.0), snapshot.upperBounds());
        assertEquals(List.of(2L, 3L, 3L, 4L), snapshot.cumulativeCounts());
        assertEquals(4, snapshot.count());
        assertEquals(9.85, snapshot.sum(), 1e-9);
        assertNull(setup.get("gw2"));
        Metric metric = setup.metrics().get(0);
        assertEquals(Metric.Type.HISTOGRAM, metric.type());
        assertEquals(4.0, metric.value());
    }

    @Test
    void histogramBoundsMustAscend() {
        assertThrows(IllegalArgumentException.class,
                () -> new HistogramFamily("sipsm_test_seconds", "help", new double[] {1, 1}, "gateway"));
    }

    @Test
    void namesAndLabelsArePrometheusOnes() {
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("sipsm-bad", "help", Map.of(), 1));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("sipsm_ok", "help", Map.of("le", "x"), 1));
        assertThrows(IllegalArgumentException.class, () -> Metric.gauge("sipsm_ok", "help", Map.of("a-b", "x"), 1));
        assertThrows(IllegalArgumentException.class, () -> new CounterFamily("1bad_total", "help"));
    }

    @Test
    void labelValuesAreEscapedInTheSeries() {
        Metric metric = Metric.gauge("sipsm_x", "help", Map.of("b", "say \"hi\"\\\n", "a", "1"), 1);
        assertEquals("sipsm_x{a=\"1\",b=\"say \\\"hi\\\"\\\\\\n\"}", metric.series());
    }
}
