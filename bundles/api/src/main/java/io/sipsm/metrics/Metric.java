package io.sipsm.metrics;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * One series: a name, its labels and its value now. Names follow Prometheus' conventions: lower-case
 * {@code sipsm_...}, counters end in {@code _total}, units are base units ({@code _seconds}, {@code _bytes}).
 *
 * @param name the metric's name, {@code [a-zA-Z_:][a-zA-Z0-9_:]*}
 * @param type what kind of figure it is
 * @param help what it means, one line
 * @param labels label names to values, sorted by name; names {@code [a-zA-Z_][a-zA-Z0-9_]*}
 * @param value the counter's or gauge's value; for a histogram its number of observations
 * @param histogram the histogram's buckets, or null for a counter or gauge
 */
public record Metric(String name, Type type, String help, Map<String, String> labels, double value,
        HistogramFamily.Snapshot histogram) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    /** What kind of figure a series is. */
    public enum Type {
        /** Only goes up (it starts again from 0 when its bundle restarts). */
        COUNTER,
        /** A level now: goes up and down. */
        GAUGE,
        /** Observations counted into buckets by upper bound, with their sum. */
        HISTOGRAM
    }

    /** @throws IllegalArgumentException for a name or label name Prometheus would refuse */
    public Metric {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(help, "help");
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a metric name: " + name);
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((label, text) -> {
            if (!LABEL.matcher(label).matches() || label.startsWith("__") || "le".equals(label)) {
                throw new IllegalArgumentException("not a label name: " + label);
            }
            sorted.put(label, Objects.requireNonNull(text, label));
        });
        labels = Collections.unmodifiableMap(sorted);
        if ((type == Type.HISTOGRAM) != (histogram != null)) {
            throw new IllegalArgumentException(name + ": a histogram, and only a histogram, has buckets");
        }
    }

    /** A counter's value now. */
    public static Metric counter(String name, String help, Map<String, String> labels, double value) {
        return new Metric(name, Type.COUNTER, help, labels, value, null);
    }

    /** A gauge's value now. */
    public static Metric gauge(String name, String help, Map<String, String> labels, double value) {
        return new Metric(name, Type.GAUGE, help, labels, value, null);
    }

    /** A histogram's buckets now. */
    public static Metric histogram(String name, String help, Map<String, String> labels,
            HistogramFamily.Snapshot histogram) {
        return new Metric(name, Type.HISTOGRAM, help, labels, histogram.count(), histogram);
    }

    /**
     * The series as Prometheus writes it, e.g. {@code sipsm_calls_answered_total{gateway="gw1",tenant="acme"}}:
     * the key the shell and the MBeans show each value under.
     */
    public String series() {
        return series(name, labels);
    }

    /** {@code name{label="value",...}} with the labels in the order given, values escaped as Prometheus does. */
    public static String series(String name, Map<String, String> labels) {
        if (labels.isEmpty()) {
            return name;
        }
        StringBuilder text = new StringBuilder(name).append('{');
        labels.forEach((label, value) -> {
            if (text.charAt(text.length() - 1) != '{') {
                text.append(',');
            }
            text.append(label).append("=\"").append(escape(value)).append('"');
        });
        return text.append('}').toString();
    }

    /** A label value escaped for the text exposition format: backslash, double quote and line feed. */
    public static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
