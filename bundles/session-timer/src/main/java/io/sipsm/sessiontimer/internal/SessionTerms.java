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

    /** The same terms with another interval and refresher, as a refresh transaction may change them. */
    SessionTerms renegotiated(Duration newInterval, boolean newLocalRefresher) {
        return new SessionTerms(newInterval, newLocalRefresher, peerSupportsTimer);
    }
}
