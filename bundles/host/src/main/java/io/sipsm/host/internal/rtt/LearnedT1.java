package io.sipsm.host.internal.rtt;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sipsm.host.HostStatus;
import io.sipsm.host.ResendSchedule;
import io.sipsm.net.IpLiteral;

/**
 * T1 per peer, learned from how long the peer takes to answer the host's requests, for the peers
 * {@link LearnedT1Settings} lists. A request's resend schedule is scaled so that its first wait is the peer's
 * T1: RFC 6298's timeout over the peer's round trips, bounded by the floor and the ceiling. A satellite gateway
 * that answers after 600 ms then gets no retransmission before its answer can come.
 *
 * <p>A round trip is measured from a request's first copy to its first response, INVITE to 100 as well as
 * OPTIONS to 200. When copies were retransmitted the response may answer any of them, so RFC 6298 (Karn) takes no
 * sample; the host takes the time from the first copy all the same, as an upper bound: a peer slower than the
 * current T1 is learned at its first answer, and never too short. A peer that never answers gives no sample and
 * keeps its T1.
 */
public final class LearnedT1 {

    /** The host's one registry; the container's transactions reach it here. */
    public static final LearnedT1 INSTANCE = new LearnedT1();

    /** Peers followed at most, so that a flood of destinations cannot grow the map without bound. */
    static final int MAX_PEERS = 10_000;

    private LearnedT1Settings settings = LearnedT1Settings.DEFAULTS;
    private List<LearnedT1Settings.Peer> listed = List.of();
    private final Map<String, RoundTripEstimate> peers = new HashMap<>();

    public synchronized void configure(LearnedT1Settings next) {
        settings = next;
        listed = next.listed();
        peers.keySet().removeIf(peer -> !covers(peer));
    }

    /** True when the host learns this peer's T1: measure its round trips. */
    public synchronized boolean learns(String address, int port) {
        return covers(address, port);
    }

    /** The time from a request's first copy to its first response from this peer. */
    public synchronized void sample(String address, int port, Duration roundTrip) {
        if (!covers(address, port) || roundTrip.isNegative()) {
            return;
        }
        String peer = key(address, port);
        RoundTripEstimate estimate = peers.get(peer);
        if (estimate == null) {
            if (peers.size() >= MAX_PEERS) {
                return;
            }
            estimate = new RoundTripEstimate();
            peers.put(peer, estimate);
        }
        estimate.sample(roundTrip);
    }

    /** The schedule scaled to the peer's learned T1, or as it is when the peer is not learned or not measured yet. */
    public synchronized ResendSchedule adjust(ResendSchedule schedule, String address, int port) {
        if (!covers(address, port)) {
            return schedule;
        }
        RoundTripEstimate estimate = peers.get(key(address, port));
        if (estimate == null) {
            return schedule;
        }
        double factor = (double) t1(estimate).toNanos() / schedule.waits().get(0).toNanos();
        return factor == 1 ? schedule : schedule.scaled(factor);
    }

    /** What is learned, per peer, for the shell. */
    public synchronized List<HostStatus.LearnedT1> snapshot() {
        List<HostStatus.LearnedT1> rows = new ArrayList<>();
        peers.forEach((peer, e) -> rows.add(new HostStatus.LearnedT1(peer, e.smoothed(), e.variation(), t1(e),
                e.samples())));
        rows.sort(Comparator.comparing(HostStatus.LearnedT1::peer));
        return rows;
    }

    private Duration t1(RoundTripEstimate estimate) {
        long millis = Math.round(estimate.timeout().toNanos() / 1e6);
        return Duration.ofMillis(Math.max(settings.floorMillis(), Math.min(settings.ceilingMillis(), millis)));
    }

    private boolean covers(String address, int port) {
        if (listed.isEmpty()) {
            return false;
        }
        InetAddress peer = IpLiteral.parse(address).orElse(null);
        return listed.stream().anyMatch(p -> p.matches(peer, port));
    }

    /** For a key of the map: its address and port. */
    private boolean covers(String key) {
        int colon = key.lastIndexOf(':');
        return covers(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)));
    }

    private static String key(String address, int port) {
        return (address.indexOf(':') >= 0 ? "[" + address + "]" : address) + ":" + port;
    }
}
