package io.sipsm.b2bua;

import java.util.OptionalInt;

/**
 * Whether a failed INVITE attempt moves the call on to the next gateway. Kept apart from the servlet so the
 * rule can be read and tested on its own.
 */
final class FailoverDecision {

    private FailoverDecision() {
    }

    /**
     * The index of the gateway to try next, or empty when the failure goes back to the caller.
     *
     * @param settings the settings the call started with
     * @param status the final status of the failed attempt (a transaction timeout arrives as 408)
     * @param attempt the index of the gateway that failed
     * @param answered true when a 2xx has already been relayed to the caller
     * @param callerGone true when the caller cancelled or its INVITE was otherwise answered
     */
    static OptionalInt nextGateway(RoutingSettings settings, int status, int attempt, boolean answered,
            boolean callerGone) {
        if (answered || callerGone || status < 300 || !settings.failoverStatuses().contains(status)) {
            return OptionalInt.empty();
        }
        int next = attempt + 1;
        return next < settings.gateways().size() ? OptionalInt.of(next) : OptionalInt.empty();
    }
}
