package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the policy keeps with the host for one watched leg ({@link io.sipsm.host.PolicyState}), so that the next
 * revision of this bundle takes the leg up after an update or a restart: the terms, the few settings the timer
 * uses, the media a refresh repeats, and when the next refresh and the expiry are due. Due times are instants
 * of {@link System#nanoTime()}, valid as long as the host keeps the record (the JVM's life at most), so a
 * revision that takes over arms its timers for the time that is left.
 *
 * <p>Encoded as a map of strings with a format version; a revision meeting a version it does not know leaves
 * the leg alone (the call goes on without its timers) rather than guess.
 *
 * @param terms the session timer's terms, or null for a keep-alive leg
 * @param refreshDue when the next refresh (or keep-alive) is due, or {@link #NONE}
 * @param expiryDue when the session expires without a refresh, or {@link #NONE} for a keep-alive leg
 * @param refreshSent when a refresh still unanswered was sent, or {@link #NONE}
 */
record LegRecord(SessionTerms terms, int segment, Duration minSe, Duration keepAliveInterval, boolean useUpdate,
        long refreshDue, long expiryDue, long refreshSent, long localCSeq, long remoteCSeq, byte[] sdp,
        String sdpType, boolean peerAllowsUpdate) {

    /** No instant: the timer is not armed. */
    static final long NONE = Long.MIN_VALUE;

    /** The format this revision writes and reads. */
    static final String VERSION = "1";

    /** The due instants, alone: equal when nobody but the reader wrote the record since. */
    boolean sameDueTimes(LegRecord other) {
        return other != null && refreshDue == other.refreshDue && expiryDue == other.expiryDue
                && refreshSent == other.refreshSent;
    }

    Map<String, String> encode() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("v", VERSION);
        if (terms != null) {
            m.put("interval.ms", Long.toString(terms.interval().toMillis()));
            m.put("refresher", terms.localRefresher() ? "host" : "peer");
            m.put("peer.timer", Boolean.toString(terms.peerSupportsTimer()));
        }
        m.put("segment", Integer.toString(segment));
        m.put("min-se.ms", Long.toString(minSe.toMillis()));
        m.put("keep-alive.ms", Long.toString(keepAliveInterval.toMillis()));
        m.put("by-update", Boolean.toString(useUpdate));
        putInstant(m, "refresh.due", refreshDue);
        putInstant(m, "expiry.due", expiryDue);
        putInstant(m, "refresh.sent", refreshSent);
        m.put("cseq.local", Long.toString(localCSeq));
        m.put("cseq.remote", Long.toString(remoteCSeq));
        if (sdp != null) {
            m.put("sdp", Base64.getEncoder().encodeToString(sdp));
        }
        m.put("sdp.type", sdpType);
        m.put("peer.update", Boolean.toString(peerAllowsUpdate));
        return m;
    }

    /** @throws IllegalArgumentException for another format version or a missing or malformed field */
    static LegRecord decode(Map<String, String> m) {
        if (!VERSION.equals(m.get("v"))) {
            throw new IllegalArgumentException("record format " + m.get("v") + " is not " + VERSION);
        }
        try {
            SessionTerms terms = m.containsKey("interval.ms")
                    ? new SessionTerms(Duration.ofMillis(Long.parseLong(m.get("interval.ms"))),
                            "host".equals(required(m, "refresher")), Boolean.parseBoolean(required(m, "peer.timer")))
                    : null;
            String sdp = m.get("sdp");
            return new LegRecord(terms, Integer.parseInt(required(m, "segment")),
                    Duration.ofMillis(Long.parseLong(required(m, "min-se.ms"))),
                    Duration.ofMillis(Long.parseLong(required(m, "keep-alive.ms"))),
                    Boolean.parseBoolean(required(m, "by-update")), instant(m, "refresh.due"),
                    instant(m, "expiry.due"), instant(m, "refresh.sent"), Long.parseLong(required(m, "cseq.local")),
                    Long.parseLong(required(m, "cseq.remote")), sdp == null ? null : Base64.getDecoder().decode(sdp),
                    required(m, "sdp.type"), Boolean.parseBoolean(required(m, "peer.update")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
        }
    }

    /** The time left until the instant, read on {@code now}; zero when it has passed. */
    static Duration left(long due, long now) {
        return Duration.ofNanos(Math.max(0, due - now));
    }

    private static void putInstant(Map<String, String> m, String key, long instant) {
        if (instant != NONE) {
            m.put(key, Long.toString(instant));
        }
    }

    private static long instant(Map<String, String> m, String key) {
        String value = m.get(key);
        return value == null ? NONE : Long.parseLong(value);
    }

    private static String required(Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException("record has no " + key);
        }
        return value;
    }
}
