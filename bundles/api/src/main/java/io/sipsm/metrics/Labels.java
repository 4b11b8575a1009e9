package io.sipsm.metrics;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The label sets of one family and the series kept for each, bounded: past {@link #MAX_SERIES} distinct sets, new
 * ones are counted under the value {@value #OTHER} for every label, so that a misconfiguration can never grow the
 * registry without end.
 */
final class Labels<T> {

    /** The most label sets a family keeps apart. */
    static final int MAX_SERIES = 1000;
    /** The value every label takes for series past {@link #MAX_SERIES}. */
    static final String OTHER = "other";

    private final List<String> names;
    private final Map<List<String>, T> series = new ConcurrentHashMap<>();
    private final Supplier<T> create;

    Labels(String[] names, Supplier<T> create) {
        this.names = List.of(names);
        this.create = create;
    }

    /** The series of these label values, made on first use. */
    T series(String... values) {
        if (values.length != names.size()) {
            throw new IllegalArgumentException("expected values for " + names + ", got " + Arrays.toString(values));
        }
        List<String> key = Arrays.stream(values).map(v -> v == null ? "" : v).toList();
        T found = series.get(key);
        if (found != null) {
            return found;
        }
        if (series.size() >= MAX_SERIES) {
            key = names.stream().map(n -> OTHER).toList();
        }
        return series.computeIfAbsent(key, k -> create.get());
    }

    /** The series kept now, if any, without making one. */
    T existing(String... values) {
        return series.get(Arrays.stream(values).map(v -> v == null ? "" : v).toList());
    }

    /** Each label set, as names to values, with its series. */
    Map<Map<String, String>, T> all() {
        Map<Map<String, String>, T> copy = new LinkedHashMap<>();
        series.forEach((values, value) -> {
            Map<String, String> labels = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                labels.put(names.get(i), values.get(i));
            }
            copy.put(labels, value);
        });
        return copy;
    }
}
