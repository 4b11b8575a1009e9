package io.sipsm.sessiontimer.internal;

import java.time.Duration;

/**
 * What was agreed for a leg's session timer.
 *
 * @param interval the session interval in force
 * @param localRefresher true when the host refreshes, false when the peer does
 * @param peerSupportsTimer true when the peer listed {@code timer} in Supported, so it refreshes when asked
 *        and understands Require: timer
 */
record SessionTerms(Duration interval, boolean localRefresher, boolean peerSupportsTimer) {

    /**
     * The Min-SE for a request carrying these terms: ours, unless the peer agreed a shorter interval (a gateway
     * may answer below our Min-SE), where the interval in force. RFC 4028 wants Session-Expires ≥ Min-SE in one
     * request; a Min-SE above the interval offered would ask the peer for a 422.
     */
    Duration minSe(Duration ours) {
        return interval.compareTo(ours) < 0 ? interval : ours;
    }

    /** The same terms with another interval and refresher, as a refresh transaction may change them. */
    SessionTerms renegotiated(Duration newInterval, boolean newLocalRefresher) {
        return new SessionTerms(newInterval, newLocalRefresher, peerSupportsTimer);
    }
}
