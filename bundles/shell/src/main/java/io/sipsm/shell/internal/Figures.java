package io.sipsm.shell.internal;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.sipsm.metrics.Metric;

/**
 * Reads the {@link Figure}s out of what the metric sources publish. A figure whose metric nobody publishes is
 * left out (unknown: its publisher is not running, or does not publish it yet); one whose metric is published
 * without the figure's label value counts 0, because labelled series only appear with their first count.
 */
final class Figures {

    private Figures() {
    }

    static Map<Figure, Double> of(List<Metric> published) {
        Set<String> names = published.stream().map(Metric::name).collect(Collectors.toSet());
        Map<Figure, Double> figures = new EnumMap<>(Figure.class);
        for (Figure figure : Figure.values()) {
            if (!names.contains(figure.metric())) {
                continue;
            }
            double sum = 0;
            for (Metric metric : published) {
                if (metric.name().equals(figure.metric()) && (figure.label() == null
                        || figure.labelValue().equals(metric.labels().get(figure.label())))) {
                    sum += metric.value();
                }
            }
            figures.put(figure, sum);
        }
        return figures;
    }
}
