package io.sipsm.b2bua.internal;

import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * Which gateway a call tries first and whether a failed INVITE attempt moves it on to another. Kept apart from
 * the servlet so the rules can be read and tested on their own.
 *
 * <p>Gateways known to be unavailable (their publication expired, see {@code io.sipsm.gateway}) are skipped.
 * When every gateway is unavailable the call still tries them all in order: availability comes from the
 * gateways' own reports, and a call that may still get through beats a call refused without trying.
 */
final class FailoverDecision {

    private FailoverDecision() {
    }

    /**
     * The gateway a new call tries first: the first available one, or the first of all when none is.
     *
     * @param available whether the gateway at an index takes new calls
     */
    static int firstGateway(RoutingSettings settings, IntPredicate available) {
        return following(settings, -1, available).orElse(0);
    }

    /**
     * The gateway to try after the one at {@code index} (failed, or could not be sent to): the next available
     * one; when no gateway at all is available, simply the next one; empty when none is left.
     */
    static OptionalInt following(RoutingSettings settings, int index, IntPredicate available) {
        int count = settings.gateways().size();
        for (int next = index + 1; next < count; next++) {
            if (available.test(next)) {
                return OptionalInt.of(next);
            }
        }
        for (int any = 0; any < count; any++) {
            if (available.test(any)) {
                return OptionalInt.empty();
            }
        }
        return index + 1 < count ? OptionalInt.of(index + 1) : OptionalInt.empty();
    }

    /**
     * The index of the gateway to try next, or empty when the failure goes back to the caller.
     *
     * @param settings the settings the call started with
     * @param status the final status of the failed attempt (a transaction timeout arrives as 408)
     * @param attempt the index of the gateway that failed
     * @param answered true when a 2xx has already been relayed to the caller
     * @param callerGone true when the caller cancelled or its INVITE was otherwise answered
     * @param available whether the gateway at an index takes new calls
     */
    static OptionalInt nextGateway(RoutingSettings settings, int status, int attempt, boolean answered,
            boolean callerGone, IntPredicate available) {
        if (answered || callerGone || status < 300 || !settings.failoverStatuses().contains(status)) {
            return OptionalInt.empty();
        }
        return following(settings, attempt, available);
    }
}
