package io.sipsm.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Histograms of one name with labels, e.g. call setup time per tenant and gateway: each observation is counted
 * in the first bucket whose upper bound holds it. Thread-safe; a series appears with its first observation.
 */
public final class HistogramFamily {

    /** Upper bounds in seconds that suit call setup: post-dial delay from 50 ms to half a minute. */
    public static final double[] SETUP_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5, 10, 30};

    /**
     * One histogram's figures now.
     *
     * @param upperBounds the buckets' upper bounds, ascending, without {@code +Inf}
     * @param cumulativeCounts for each bound, the observations at or below it, then the count of all of them
     *        (the {@code +Inf} bucket): one more element than {@code upperBounds}
     * @param sum the sum of the observed values
     */
    public record Snapshot(List<Double> upperBounds, List<Long> cumulativeCounts, double sum) {

        public Snapshot {
            upperBounds = List.copyOf(upperBounds);
            cumulativeCounts = List.copyOf(cumulativeCounts);
            if (cumulativeCounts.size() != upperBounds.size() + 1) {
                throw new IllegalArgumentException("one count per bound and one for +Inf");
            }
        }

        /** How many values were observed. */
        public long count() {
            return cumulativeCounts.get(cumulativeCounts.size() - 1);
        }
    }

    private final String name;
    private final String help;
    private final double[] bounds;
    private final Labels<Buckets> series;

    /**
     * @param name the metric name, with its unit, e.g. {@code sipsm_call_setup_seconds}
     * @param help what one observation is
     * @param upperBounds the buckets' upper bounds, ascending
     * @param labelNames the labels, in the order {@link #observe} takes their values
     */
    public HistogramFamily(String name, String help, double[] upperBounds, String... labelNames) {
        Metric.gauge(name, help, java.util.Map.of(), 0);
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) {
                throw new IllegalArgumentException("upper bounds must ascend: " + Arrays.toString(upperBounds));
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = upperBounds.clone();
        this.series = new Labels<>(labelNames, () -> new Buckets(bounds.length));
    }

    /** Counts one value into the series of these label values. */
    public void observe(double value, String... labelValues) {
        Buckets buckets = series.series(labelValues);
        int bucket = 0;
        while (bucket < bounds.length && value > bounds[bucket]) {
            bucket++;
        }
        buckets.counts[bucket].increment();
        buckets.sum.add(value);
    }

    /** One series now, or null when it never observed. */
    public Snapshot get(String... labelValues) {
        Buckets buckets = series.existing(labelValues);
        return buckets == null ? null : buckets.snapshot(bounds);
    }

    /** Every series that observed, as metrics. */
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        series.all().forEach((labels, buckets) -> metrics.add(
                Metric.histogram(name, help, labels, buckets.snapshot(bounds))));
        return metrics;
    }

    private static final class Buckets {
        /** Observations per bucket, not cumulative; the last is above every bound. */
        final LongAdder[] counts;
        final DoubleAdder sum = new DoubleAdder();

        Buckets(int bounds) {
            counts = new LongAdder[bounds + 1];
            Arrays.setAll(counts, i -> new LongAdder());
        }

        Snapshot snapshot(double[] bounds) {
            List<Double> upper = Arrays.stream(bounds).boxed().toList();
            List<Long> cumulative = new ArrayList<>(counts.length);
            long running = 0;
            for (LongAdder count : counts) {
                running += count.sum();
                cumulative.add(running);
            }
            return new Snapshot(upper, cumulative, sum.sum());
        }
    }
}
