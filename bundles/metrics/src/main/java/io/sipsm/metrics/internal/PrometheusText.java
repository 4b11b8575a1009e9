package io.sipsm.metrics.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.sipsm.metrics.Metric;

/**
 * The Prometheus text exposition format (version 0.0.4): for each metric name a {@code # HELP} and a
 * {@code # TYPE} line, then all its samples together, as a scraper and {@code promtool check metrics} expect.
 */
final class PrometheusText {

    /** The content type of the format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {
    }

    static String write(List<Metric> metrics) {
        Map<String, List<Metric>> byName = new LinkedHashMap<>();
        metrics.forEach(metric -> byName.computeIfAbsent(metric.name(), n -> new java.util.ArrayList<>()).add(metric));
        StringBuilder text = new StringBuilder(metrics.size() * 80);
        byName.forEach((name, family) -> {
            Metric first = family.get(0);
            text.append("# HELP ").append(name).append(' ').append(escapeHelp(first.help())).append('\n');
            text.append("# TYPE ").append(name).append(' ').append(type(first.type())).append('\n');
            // A source that reused a name with another type would make the scrape fail whole: leave it out.
            List<Metric> sameType = family.stream().filter(m -> m.type() == first.type()).toList();
            Samples.of(sameType).forEach((series, value) -> text.append(series).append(' ')
                    .append(Samples.number(value.doubleValue())).append('\n'));
        });
        return text.toString();
    }

    private static String type(Metric.Type type) {
        return switch (type) {
            case COUNTER -> "counter";
            case GAUGE -> "gauge";
            case HISTOGRAM -> "histogram";
        };
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }
}
