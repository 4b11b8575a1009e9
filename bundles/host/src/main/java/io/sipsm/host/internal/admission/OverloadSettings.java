package io.sipsm.host.internal.admission;

import java.util.List;

import io.sipsm.host.internal.settings.SettingReader;

/**
 * The admission-control settings of the host, part of {@link HostSettings}.
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
public record OverloadSettings(boolean enabled, int queueDelayMillis, int capacityPercent, int serverTransactions,
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

    /** The defaults; {@code HostMetatypeTest} holds {@link HostConfig}'s declarations to them. */
    public static final OverloadSettings DEFAULTS = new OverloadSettings(true, 200, 90, 100_000, 100_000, 85, 80, 5,
            true);

    public static final List<String> KEYS = List.of(ENABLED, QUEUE_DELAY, CAPACITY_PERCENT, SERVER_TRANSACTIONS, DIALOGS,
            HEAP_PERCENT, RESUME_PERCENT, RETRY_AFTER, KEEPALIVE_OPTIONS);

    /** The settings the reader's properties give: missing keys take the defaults, refused ones their last good value. */
    public static OverloadSettings read(SettingReader r, OverloadSettings lastGood) {
        OverloadSettings d = DEFAULTS;
        return new OverloadSettings(
                r.bool(ENABLED, d.enabled, lastGood.enabled),
                r.whole(QUEUE_DELAY, d.queueDelayMillis, lastGood.queueDelayMillis, 0, 60_000),
                r.whole(CAPACITY_PERCENT, d.capacityPercent, lastGood.capacityPercent, 0, 100),
                r.whole(SERVER_TRANSACTIONS, d.serverTransactions, lastGood.serverTransactions, 0, 10_000_000),
                r.whole(DIALOGS, d.dialogs, lastGood.dialogs, 0, 10_000_000),
                r.whole(HEAP_PERCENT, d.heapPercent, lastGood.heapPercent, 0, 100),
                r.whole(RESUME_PERCENT, d.resumePercent, lastGood.resumePercent, 1, 100),
                r.whole(RETRY_AFTER, d.retryAfterSeconds, lastGood.retryAfterSeconds, 1, 86_400),
                r.bool(KEEPALIVE_OPTIONS, d.keepAliveOptions, lastGood.keepAliveOptions));
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
