package io.sipsm.setuptimeouts.internal;

import java.util.Map;

/**
 * What the setup-timeout policy did since it started, for the shell command and tests: how many calls or
 * gateway attempts ended for each reason, and how many calls it follows now.
 */
public interface SetupTimeoutStatistics {

    /** For every reason, how often it ended a call or an attempt; every reason is present. */
    Map<EndReason, Long> endCounts();

    /** Calls being set up and followed now. */
    int activeCalls();

    /** Initial INVITEs that arrived and whose application has not shown a leg yet. */
    int pendingArrivals();

    /** The most calls followed at once; calls past it are counted {@link EndReason#NOT_TRACKED}. */
    int capacity();
}
