package io.sipsm.metrics.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipsm.metrics.HistogramFamily;
import io.sipsm.metrics.Metric;

/**
 * Figures as flat samples, keyed by their series as Prometheus writes them ({@code name{label="value"}}): what
 * an MBean attribute and a line of {@code sipsm:metrics} show. A histogram gives its {@code _bucket},
 * {@code _sum} and {@code _count} series.
 */
final class Samples {

    private Samples() {
    }

    static Map<String, Number> of(List<Metric> metrics) {
        Map<String, Number> samples = new LinkedHashMap<>();
        for (Metric metric : metrics) {
            switch (metric.type()) {
                case COUNTER -> samples.put(metric.series(), metric.value() == Math.rint(metric.value())
                        ? (Number) (long) metric.value() : (Number) metric.value());
                case GAUGE -> samples.put(metric.series(), metric.value());
                case HISTOGRAM -> histogram(metric, samples);
            }
        }
        return samples;
    }

    private static void histogram(Metric metric, Map<String, Number> samples) {
        HistogramFamily.Snapshot histogram = metric.histogram();
        for (int i = 0; i <= histogram.upperBounds().size(); i++) {
            String bound = i < histogram.upperBounds().size() ? number(histogram.upperBounds().get(i)) : "+Inf";
            samples.put(Metric.series(metric.name() + "_bucket", withLe(metric.labels(), bound)),
                    histogram.cumulativeCounts().get(i));
        }
        samples.put(Metric.series(metric.name() + "_sum", metric.labels()), histogram.sum());
        samples.put(Metric.series(metric.name() + "_count", metric.labels()), histogram.count());
    }

    /** The labels with {@code le} last, as Prometheus writes bucket series. */
    static Map<String, String> withLe(Map<String, String> labels, String bound) {
        Map<String, String> withLe = new LinkedHashMap<>(labels);
        withLe.put("le", bound);
        return withLe;
    }

    /** A value as the text format writes it: integers without a fraction. */
    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
