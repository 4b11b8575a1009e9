package io.sipsm.host.internal;

import java.util.Map;

/**
 * The admission-control settings of the host, read from the raw properties of PID {@value SipHost#PID} rather
 * than through {@link HostConfig}: a value that does not convert must be refused with its key and reason while
 * the last good settings stay in force, and the typed accessors would only fail when called.
 *
 * @param enabled whether initial requests may be refused at all
 * @param queueDelayMillis limit of the age of the oldest received datagram not yet processed; 0: unchecked
 * @param capacityPercent initial requests admitted per second at most, in percent of the measured capacity
 *        ({@link CallCapacity}); 0: unchecked
 * @param serverTransactions limit of server transactions in the stack's table; 0: unchecked
 * @param dialogs limit of dialogs in the stack; 0: unchecked
 * @param heapPercent limit of the heap in use after the last collection, percent of the maximum; 0: unchecked
 * @param resumePercent once refusing, the level every gauge must fall below before calls are accepted again
 * @param retryAfterSeconds the {@code Retry-After} of each 503
 * @param keepAliveOptions whether the host answers out-of-dialog OPTIONS to itself (no user part) 200 or 503
 */
record OverloadSettings(boolean enabled, int queueDelayMillis, int capacityPercent, int serverTransactions,
        int dialogs, int heapPercent, int resumePercent, int retryAfterSeconds, boolean keepAliveOptions) {

    static final String ENABLED = "overload.enabled";
    static final String QUEUE_DELAY = "overload.queue.delay.ms";
    static final String CAPACITY_PERCENT = "overload.capacity.percent";
    static final String SERVER_TRANSACTIONS = "overload.server.transactions";
    static final String DIALOGS = "overload.dialogs";
    static final String HEAP_PERCENT = "overload.heap.percent";
    static final String RESUME_PERCENT = "overload.resume.percent";
    static final String RETRY_AFTER = "overload.retry.after";
    static final String KEEPALIVE_OPTIONS = "overload.keepalive.options";

    /** The defaults; keep them equal to those of {@link HostConfig}. */
    static final OverloadSettings DEFAULTS = new OverloadSettings(true, 200, 90, 100_000, 100_000, 85, 80, 5,
            true);

    /** A value of the host's configuration that was refused. */
    static final class InvalidSetting extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        final String key;
        final Object value;
        final String reason;

        InvalidSetting(String key, Object value, String reason) {
            super(key + "=" + value + " rejected: " + reason);
            this.key = key;
            this.value = value;
            this.reason = reason;
        }
    }

    /**
     * The settings these properties give, missing keys taking the defaults.
     *
     * @throws InvalidSetting naming the first key whose value is not acceptable
     */
    static OverloadSettings parse(Map<String, ?> properties) {
        return new OverloadSettings(
                bool(properties, ENABLED, DEFAULTS.enabled),
                whole(properties, QUEUE_DELAY, DEFAULTS.queueDelayMillis, 0, 60_000),
                whole(properties, CAPACITY_PERCENT, DEFAULTS.capacityPercent, 0, 100),
                whole(properties, SERVER_TRANSACTIONS, DEFAULTS.serverTransactions, 0, 10_000_000),
                whole(properties, DIALOGS, DEFAULTS.dialogs, 0, 10_000_000),
                whole(properties, HEAP_PERCENT, DEFAULTS.heapPercent, 0, 100),
                whole(properties, RESUME_PERCENT, DEFAULTS.resumePercent, 1, 100),
                whole(properties, RETRY_AFTER, DEFAULTS.retryAfterSeconds, 1, 86_400),
                bool(properties, KEEPALIVE_OPTIONS, DEFAULTS.keepAliveOptions));
    }

    private static int whole(Map<String, ?> properties, String key, int fallback, int min, int max) {
        Object raw = properties.get(key);
        if (raw == null) {
            return fallback;
        }
        long value;
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            value = ((Number) raw).longValue();
        } else {
            try {
                value = Long.parseLong(raw.toString().trim());
            } catch (NumberFormatException e) {
                throw new InvalidSetting(key, raw, "'" + raw + "' is not a whole number");
            }
        }
        if (value < min || value > max) {
            throw new InvalidSetting(key, raw, "must be between " + min + " and " + max);
        }
        return (int) value;
    }

    private static boolean bool(Map<String, ?> properties, String key, boolean fallback) {
        Object raw = properties.get(key);
        if (raw == null) {
            return fallback;
        }
        if (raw instanceof Boolean b) {
            return b;
        }
        String text = raw.toString().trim();
        if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
            return Boolean.parseBoolean(text);
        }
        throw new InvalidSetting(key, raw, "must be true or false");
    }

    @Override
    public String toString() {
        return ENABLED + "=" + enabled + ", " + QUEUE_DELAY + "=" + queueDelayMillis + ", " + CAPACITY_PERCENT + "="
                + capacityPercent + ", " + SERVER_TRANSACTIONS
                + "=" + serverTransactions + ", " + DIALOGS + "=" + dialogs + ", " + HEAP_PERCENT + "=" + heapPercent
                + ", " + RESUME_PERCENT + "=" + resumePercent + ", " + RETRY_AFTER + "=" + retryAfterSeconds + ", "
                + KEEPALIVE_OPTIONS + "=" + keepAliveOptions;
    }
}
