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

    /**
     * Whether the host takes new calls now, and if not, why. The host answers a proxy's keep-alive OPTIONS
     * ({@code overload.keepalive.options}) from this very state: 200 only when {@link Intake#TAKING_CALLS}, 503
     * otherwise; health checks read it too, so the two never disagree.
     *
     * @since 1.7
     */
    enum Intake {
        /** Every new call is let through: the keep-alive gets 200. */
        TAKING_CALLS,
        /** The framework's boot is not finished (boot features still being installed). */
        BOOTING,
        /** No deployed application takes INVITE. */
        NO_APPLICATION,
        /** An admin takes the host out of service ({@link HostDrain}): calls up go on, new ones are refused. */
        DRAINING,
        /** The host lags behind and admits only a share of new calls, at the call rate it can carry. */
        SHEDDING,
        /** The receive queue's delay is at its limit: every new call is refused until it falls. */
        LAGGING,
        /** A memory gauge (transactions, dialogs, heap) is at its limit: every initial request is refused. */
        AT_MEMORY_BOUND
    }

    /**
     * Whether the host takes new calls now, measured afresh like {@link #overload()}; not counted as a keep-alive.
     *
     * @since 1.7
     */
    Intake intake();
}
