package io.sipsm.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one name with labels, e.g. answered calls per tenant and gateway. Thread-safe and contention-free
 * for the SIP threads that bump them; a series appears with its first increment.
 */
public final class CounterFamily {

    private final String name;
    private final String help;
    private final Labels<LongAdder> series;

    /**
     * @param name the metric name, ending in {@code _total}
     * @param help what one increment means
     * @param labelNames the labels, in the order {@link #increment} takes their values
     */
    public CounterFamily(String name, String help, String... labelNames) {
        Metric.counter(name, help, java.util.Map.of(), 0);
        this.name = name;
        this.help = help;
        this.series = new Labels<>(labelNames, LongAdder::new);
    }

    /** Adds one to the series of these label values (null counts as the empty value). */
    public void increment(String... labelValues) {
        series.series(labelValues).increment();
    }

    /**
     * Adds {@code amount} to the series of these label values.
     *
     * @throws IllegalArgumentException for a negative amount: a counter only goes up
     */
    public void add(long amount, String... labelValues) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter only goes up: " + amount);
        }
        series.series(labelValues).add(amount);
    }

    /** The value of one series, 0 when it never counted. */
    public long get(String... labelValues) {
        LongAdder counter = series.existing(labelValues);
        return counter == null ? 0 : counter.sum();
    }

    /** Every series that counted, as metrics. */
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        series.all().forEach((labels, counter) -> metrics.add(Metric.counter(name, help, labels, counter.sum())));
        return metrics;
    }
}
