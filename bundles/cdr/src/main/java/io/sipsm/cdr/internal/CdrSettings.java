package io.sipsm.cdr.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * The validated settings of the store.
 *
 * @param retentionDays days records are kept, 0 for ever
 * @param queueCapacity records waiting in memory at most
 * @param batchSize records per transaction at most
 * @param retrySeconds seconds between tries of a database that is away
 * @param yieldCpuPercent the machine's CPU use (by others than the writer) from which records wait in the journal
 *        for spare CPU ({@link CpuYield}), 0 never
 * @param yieldMaxSeconds how long a record waits for spare CPU at most
 */
record CdrSettings(int retentionDays, int queueCapacity, int batchSize, int retrySeconds, int yieldCpuPercent,
        int yieldMaxSeconds) {

    static final CdrSettings DEFAULTS = new CdrSettings(90, 10_000, 200, 5, 80, 900);

    /** A value not taken: its key keeps the last good value. */
    record Refusal(String key, String value, String reason) {
        @Override
        public String toString() {
            return CdrConfig.PID + ": " + key + "=" + value + " rejected: " + reason;
        }
    }

    /** The settings read key by key, and the values refused (each keeps its value of the last good settings). */
    record Reading(CdrSettings settings, List<Refusal> refusals) {
    }

    static Reading read(CdrConfig config, CdrSettings lastGood) {
        List<Refusal> refusals = new ArrayList<>();
        int[] values = {lastGood.retentionDays, lastGood.queueCapacity, lastGood.batchSize, lastGood.retrySeconds,
            lastGood.yieldCpuPercent, lastGood.yieldMaxSeconds};
        number(refusals, "retention.days", config.retention_days(), 0, 36_500, v -> values[0] = v);
        number(refusals, "queue.capacity", config.queue_capacity(), 100, 1_000_000, v -> values[1] = v);
        number(refusals, "batch.size", config.batch_size(), 1, 10_000, v -> values[2] = v);
        number(refusals, "retry.seconds", config.retry_seconds(), 1, 3_600, v -> values[3] = v);
        number(refusals, "yield.cpu.percent", config.yield_cpu_percent(), 0, 100, v -> values[4] = v);
        number(refusals, "yield.max.seconds", config.yield_max_seconds(), 1, 86_400, v -> values[5] = v);
        return new Reading(new CdrSettings(values[0], values[1], values[2], values[3], values[4], values[5]),
                List.copyOf(refusals));
    }

    private static void number(List<Refusal> refusals, String key, String text, int min, int max, IntConsumer take) {
        String value = text == null ? "" : text.trim();
        try {
            int number = Integer.parseInt(value);
            if (number >= min && number <= max) {
                take.accept(number);
                return;
            }
        } catch (NumberFormatException notANumber) {
            // refused below
        }
        refusals.add(new Refusal(key, value, "must be a whole number from " + min + " to " + max));
    }

    @Override
    public String toString() {
        return "retention.days=" + retentionDays + ", queue.capacity=" + queueCapacity + ", batch.size=" + batchSize
                + ", retry.seconds=" + retrySeconds + ", yield.cpu.percent=" + yieldCpuPercent + ", yield.max.seconds="
                + yieldMaxSeconds;
    }
}
