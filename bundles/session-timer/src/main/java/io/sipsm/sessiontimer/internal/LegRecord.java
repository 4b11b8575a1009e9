package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * What the policy keeps with the host for one watched leg ({@link io.sipsm.host.PolicyState}), so that the next
 * revision of this bundle takes the leg up after an update or a restart: the terms, the few settings the timer
 * uses, the media a refresh repeats, and when the next refresh and the expiry are due. Due times are instants
 * of {@link System#nanoTime()}, valid as long as the host keeps the record (the JVM's life at most), so a
 * revision that takes over arms its timers for the time that is left.
 *
 * <p>Encoded as a small map of strings with a format version; a revision meeting a version it does not know
 * leaves the leg alone (the call goes on without its timers) rather than guess.
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

    /** The format this revision writes: one line of fields, the media apart (see {@link #encode()}). */
    static final String VERSION = "2";
    /** The format of the revisions before: a key per field. Still read, so an update takes their legs up. */
    static final String VERSION_1 = "1";

    private static final String SDP = "application/sdp";
    private static final int FIELDS = 13;

    /** The due instants, alone: equal when nobody but the reader wrote the record since. */
    boolean sameDueTimes(LegRecord other) {
        return other != null && refreshDue == other.refreshDue && expiryDue == other.expiryDue
                && refreshSent == other.refreshSent;
    }

    /**
     * The record as the host keeps it, for every watched leg of every call: the fields in one comma-separated
     * line under {@code leg}, the SDP as text under {@code sdp} (ISO-8859-1, byte for byte) and its type under
     * {@code sdp.type} when it is not plain {@code application/sdp}. One string rather than a key per field: a
     * key per field cost about 750 bytes per leg (bench/RESULTS.md 2b), this about 250.
     */
    Map<String, String> encode() {
        StringBuilder line = new StringBuilder(128);
        if (terms != null) {
            line.append(terms.interval().toMillis()).append(',').append(terms.localRefresher() ? "host" : "peer")
                    .append(',').append(terms.peerSupportsTimer());
        } else {
            line.append(",,");
        }
        line.append(',').append(segment).append(',').append(minSe.toMillis()).append(',')
                .append(keepAliveInterval.toMillis()).append(',').append(useUpdate).append(',');
        appendInstant(line, refreshDue).append(',');
        appendInstant(line, expiryDue).append(',');
        appendInstant(line, refreshSent).append(',').append(localCSeq).append(',').append(remoteCSeq).append(',')
                .append(peerAllowsUpdate);
        if (sdp == null) {
            return Map.of("v", VERSION, "leg", line.toString());
        }
        String media = new String(sdp, StandardCharsets.ISO_8859_1);
        return SDP.equals(sdpType) ? Map.of("v", VERSION, "leg", line.toString(), "sdp", media)
                : Map.of("v", VERSION, "leg", line.toString(), "sdp", media, "sdp.type", sdpType);
    }

    /** @throws IllegalArgumentException for another format version or a missing or malformed field */
    static LegRecord decode(Map<String, String> m) {
        String version = m.get("v");
        if (VERSION_1.equals(version)) {
            return decodeVersion1(m);
        }
        if (!VERSION.equals(version)) {
            throw new IllegalArgumentException("record format " + version + " is not " + VERSION);
        }
        String[] f = required(m, "leg").split(",", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("malformed record: " + f.length + " fields, not " + FIELDS);
        }
        try {
            SessionTerms terms = f[0].isEmpty() ? null
                    : new SessionTerms(Duration.ofMillis(Long.parseLong(f[0])), "host".equals(f[1]),
                            Boolean.parseBoolean(f[2]));
            String media = m.get("sdp");
            return new LegRecord(terms, Integer.parseInt(f[3]), Duration.ofMillis(Long.parseLong(f[4])),
                    Duration.ofMillis(Long.parseLong(f[5])), Boolean.parseBoolean(f[6]), instant(f[7]),
                    instant(f[8]), instant(f[9]), Long.parseLong(f[10]), Long.parseLong(f[11]),
                    media == null ? null : media.getBytes(StandardCharsets.ISO_8859_1),
                    m.getOrDefault("sdp.type", SDP), Boolean.parseBoolean(f[12]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
        }
    }

    /** A record written by a revision of format 1, a key per field. */
    private static LegRecord decodeVersion1(Map<String, String> m) {
        try {
            SessionTerms terms = m.containsKey("interval.ms")
                    ? new SessionTerms(Duration.ofMillis(Long.parseLong(m.get("interval.ms"))),
                            "host".equals(required(m, "refresher")), Boolean.parseBoolean(required(m, "peer.timer")))
                    : null;
            String sdp = m.get("sdp");
            return new LegRecord(terms, Integer.parseInt(required(m, "segment")),
                    Duration.ofMillis(Long.parseLong(required(m, "min-se.ms"))),
                    Duration.ofMillis(Long.parseLong(required(m, "keep-alive.ms"))),
                    Boolean.parseBoolean(required(m, "by-update")), instant(m.get("refresh.due")),
                    instant(m.get("expiry.due")), instant(m.get("refresh.sent")),
                    Long.parseLong(required(m, "cseq.local")), Long.parseLong(required(m, "cseq.remote")),
                    sdp == null ? null : Base64.getDecoder().decode(sdp), required(m, "sdp.type"),
                    Boolean.parseBoolean(required(m, "peer.update")));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
        }
    }

    /** The time left until the instant, read on {@code now}; zero when it has passed. */
    static Duration left(long due, long now) {
        return Duration.ofNanos(Math.max(0, due - now));
    }

    private static StringBuilder appendInstant(StringBuilder line, long instant) {
        return instant == NONE ? line : line.append(instant);
    }

    /** An instant field: empty for {@link #NONE}. */
    private static long instant(String value) {
        return value == null || value.isEmpty() ? NONE : Long.parseLong(value);
    }

    private static String required(Map<String, String> m, String key) {
        String value = m.get(key);
        if (value == null) {
            throw new IllegalArgumentException("record has no " + key);
        }
        return value;
    }
}
