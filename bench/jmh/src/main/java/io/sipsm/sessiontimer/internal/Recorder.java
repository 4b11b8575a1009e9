package io.sipsm.sessiontimer.internal;

import java.util.Arrays;

/** Firing errors (actual minus due, ns; negative is early) of refreshes and hangups. */
final class Recorder {

    private long[] refreshes = new long[1024];
    private int refreshCount;
    private long[] hangups = new long[1024];
    private int hangupCount;

    synchronized void refresh(long errorNanos) {
        if (refreshCount == refreshes.length) {
            refreshes = Arrays.copyOf(refreshes, refreshCount * 2);
        }
        refreshes[refreshCount++] = errorNanos;
    }

    synchronized void hangup(long errorNanos) {
        if (hangupCount == hangups.length) {
            hangups = Arrays.copyOf(hangups, hangupCount * 2);
        }
        hangups[hangupCount++] = errorNanos;
    }

    synchronized String refreshSummary() {
        return summary(Arrays.copyOf(refreshes, refreshCount));
    }

    synchronized String hangupSummary() {
        return summary(Arrays.copyOf(hangups, hangupCount));
    }

    synchronized int refreshCount() {
        return refreshCount;
    }

    synchronized int hangupCount() {
        return hangupCount;
    }

    /** "n=…, early=…, p50=… ms, p99=… ms, max=… ms, min=… ms". */
    static String summary(long[] values) {
        if (values.length == 0) {
            return "n=0";
        }
        Arrays.sort(values);
        long early = Arrays.stream(values).filter(v -> v < 0).count();
        return String.format("n=%d early=%d p50=%.2f ms p99=%.2f ms max=%.2f ms min=%.2f ms", values.length, early,
                ms(percentile(values, 50)), ms(percentile(values, 99)), ms(values[values.length - 1]), ms(values[0]));
    }

    private static long percentile(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }
}
