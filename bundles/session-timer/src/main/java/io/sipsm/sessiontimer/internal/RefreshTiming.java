package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The session-timer arithmetic, in one place so it can be tested to the second.
 *
 * <ul>
 * <li>The refresher refreshes at Session-Expires × (1 − 1/segment) (VOS3000's SS_SIP_SESSION_UPDATE_SEGMENT).</li>
 * <li>The other side gives up at Session-Expires − min(32 s, Session-Expires/3) (RFC 4028 section 10), so a
 * refresh is only in time when Session-Expires/segment is more than that slack. When the configured segment
 * cannot make it, the refresh moves to half the interval, RFC 4028's own recommendation, rather than
 * arriving after the peer has sent BYE.</li>
 * <li>A refresh that meets glare (491) is retried after RFC 3261 section 14.1's random wait.</li>
 * </ul>
 */
final class RefreshTiming {

    private static final Duration MAX_SLACK = Duration.ofSeconds(32);

    private RefreshTiming() {
    }

    /** How long before the session expires the side that does not refresh gives up: min(32 s, interval/3). */
    static Duration slack(Duration interval) {
        Duration third = interval.dividedBy(3);
        return third.compareTo(MAX_SLACK) < 0 ? third : MAX_SLACK;
    }

    /** When a session without a successful refresh is over, counted from its last (re)start. */
    static Duration expiry(Duration interval) {
        return interval.minus(slack(interval));
    }

    /** True when a refresh at the segment point reaches the peer before it gives up. */
    static boolean segmentBeatsPeer(Duration interval, int segment) {
        return interval.dividedBy(segment).compareTo(slack(interval)) > 0;
    }

    /**
     * When the refresher sends its refresh, counted from the last (re)start: interval × (1 − 1/segment), or
     * interval/2 when that would come too late for the peer.
     */
    static Duration refreshAfter(Duration interval, int segment) {
        if (segment < 2 || !segmentBeatsPeer(interval, segment)) {
            return interval.dividedBy(2);
        }
        return interval.minus(interval.dividedBy(segment));
    }

    /**
     * The wait before retrying a request that got 491 (RFC 3261 section 14.1): 2.1 to 4 s for the owner of the
     * Call-ID (the side that sent the dialog's INVITE), 0 to 2 s for the other, in units of 10 ms.
     *
     * @param ownsCallId true when the host sent the INVITE that created the dialog
     */
    static Duration glareBackoff(boolean ownsCallId, RandomGenerator random) {
        long tens = ownsCallId ? 210 + random.nextLong(191) : random.nextLong(201);
        return Duration.ofMillis(tens * 10);
    }
}
