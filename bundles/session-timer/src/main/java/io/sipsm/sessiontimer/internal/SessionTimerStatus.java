package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the session-timer policy has done and is doing, for the shell command. Registered by the component;
 * the package is private to the bundle, so only the bundle's own command uses it.
 */
public interface SessionTimerStatus {

    /** One leg under a session timer or keep-alive. */
    record LegView(String callId, String mode, Duration interval, boolean localRefresher, boolean byUpdate) {
    }

    /** Counts per outcome since the component started. */
    Map<Outcome, Long> counts();

    /** The legs being watched now. */
    List<LegView> legs();

    /** Calls whose INVITE is negotiated but not yet answered. */
    int pendingInvites();
}
