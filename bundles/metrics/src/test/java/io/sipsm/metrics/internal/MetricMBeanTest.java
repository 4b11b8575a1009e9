package io.sipsm.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.management.AttributeNotFoundException;
import javax.management.MBeanAttributeInfo;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.HistogramFamily;
import io.sipsm.metrics.Metric;

class MetricMBeanTest {

    @Test
    void eachSampleIsAnAttributeNamedByItsSeries() throws Exception {
        HistogramFamily setup = new HistogramFamily("sipsm_setup_seconds", "setup", new double[] {1}, "tenant");
        setup.observe(0.5, "acme");
        MetricMBean mbean = new MetricMBean("b2bua", () -> List.of(
                Metric.counter("sipsm_calls_total", "calls", Map.of("tenant", "acme"), 4),
                Metric.gauge("sipsm_level", "level", Map.of(), 0.5), setup.metrics().get(0)));
        assertEquals(4L, mbean.getAttribute("sipsm_calls_total{tenant=\"acme\"}"));
        assertEquals(0.5, mbean.getAttribute("sipsm_level"));
        assertEquals(1L, mbean.getAttribute("sipsm_setup_seconds_count{tenant=\"acme\"}"));
        assertEquals(1L, mbean.getAttribute("sipsm_setup_seconds_bucket{tenant=\"acme\",le=\"1\"}"));
        assertEquals(List.of("sipsm_calls_total{tenant=\"acme\"}", "sipsm_level",
                "sipsm_setup_seconds_bucket{tenant=\"acme\",le=\"1\"}",
                "sipsm_setup_seconds_bucket{tenant=\"acme\",le=\"+Inf\"}", "sipsm_setup_seconds_sum{tenant=\"acme\"}",
                "sipsm_setup_seconds_count{tenant=\"acme\"}"),
                Arrays.stream(mbean.getMBeanInfo().getAttributes()).map(MBeanAttributeInfo::getName).toList());
        assertThrows(AttributeNotFoundException.class, () -> mbean.getAttribute("sipsm_nothing"));
    }
}
