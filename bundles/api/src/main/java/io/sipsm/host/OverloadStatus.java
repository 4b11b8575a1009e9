package io.sipsm.host;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's admission control for initial requests, as an admin sees it. The host answers new calls and
 * out-of-dialog requests {@code 503 Service Unavailable} with {@code Retry-After} before any application
 * spends work on them: those beyond the call rate it measures it can carry, a share of them while it lags
 * behind its receive queue, all of them while a memory gauge is at its limit. Requests inside accepted calls are never refused for load. Registered by the host
 * while the container runs.
 */
@ProviderType
public interface OverloadStatus {

    /**
     * One quantity the host measures, against the limit configured for it.
     *
     * @param name what is measured, e.g. {@code queue.delay.ms}, {@code calls.per.second},
     *        {@code server.transactions}
     * @param value the last measured value
     * @param limit the value at which the host starts refusing (the excess for the call rate, which it lowers
     *        for the queue delay, all initial requests for the memory gauges); 0 when this gauge is not checked
     *        (for the call rate: not yet measured, or the host keeps up)
     */
    record Gauge(String name, long value, long limit) {

        /** How far the value is toward its limit, in percent (100 and above: at the limit); 0 when unchecked. */
        public int percent() {
            return limit <= 0 ? 0 : (int) Math.min(Integer.MAX_VALUE, value * 100 / limit);
        }
    }

    /**
     * The counters since the container started and the current level.
     *
     * @param enabled whether admission control is on
     * @param refusing whether initial requests are refused now, all or a share of them
     * @param admitPercent the share of initial requests admitted now, in percent: 100 while the host keeps up,
     *        0 at a memory bound
     * @param accepted initial requests let through to the container
     * @param refused initial requests answered 503 for load
     * @param keepAlives out-of-dialog OPTIONS probes the host answered itself (200 or 503)
     * @param gauges the measured quantities, each against its limit
     */
    record Snapshot(boolean enabled, boolean refusing, int admitPercent, long accepted, long refused,
            long keepAlives, List<Gauge> gauges) {

        public Snapshot {
            gauges = List.copyOf(gauges);
        }

        /** The highest gauge level in percent of its limit: the host starts refusing at 100. */
        public int levelPercent() {
            return gauges.stream().mapToInt(Gauge::percent).max().orElse(0);
        }
    }

    /** The counters and the level now. */
    Snapshot overload();
}
