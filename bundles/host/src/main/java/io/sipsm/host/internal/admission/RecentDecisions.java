package io.sipsm.host.internal.admission;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * What the host decided lately for each initial request, by transaction id. A caller that retransmits its
 * INVITE before an answer arrives sends the same request again, and under load the copies can meet in the
 * valve before the stack has a transaction for the first: deciding afresh could refuse a copy of an accepted
 * call (the caller, ringing already, gets a 503) or accept a copy of a refused one (the caller, done with its
 * 503, gets a 200 it never acknowledges). Every copy gets the first copy's decision.
 *
 * <p>Two generations of {@link #WINDOW} each, so an entry lives between one and two windows without a timer or
 * a clock per entry; a generation that grows past {@link #MAX_PER_GENERATION} (a flood) starts the next early,
 * which bounds the memory.
 */
final class RecentDecisions {

    /** 64·T1 at the default T1: how long a client retransmits an INVITE. */
    static final Duration WINDOW = Duration.ofSeconds(32);
    static final int MAX_PER_GENERATION = 100_000;

    private final LongSupplier nanoClock;
    private volatile Map<String, Boolean> current = new ConcurrentHashMap<>();
    private volatile Map<String, Boolean> previous = Map.of();
    private volatile long currentSince;

    RecentDecisions(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.currentSince = nanoClock.getAsLong();
    }

    void remember(String transactionId, boolean admitted) {
        rotateIfDue();
        current.put(transactionId, admitted);
    }

    /** The decision taken for this transaction lately, or null. */
    Boolean decided(String transactionId) {
        rotateIfDue();
        Boolean decision = current.get(transactionId);
        return decision != null ? decision : previous.get(transactionId);
    }

    private void rotateIfDue() {
        if (isDue(nanoClock.getAsLong())) {
            synchronized (this) {
                long now = nanoClock.getAsLong();
                if (isDue(now)) {
                    previous = current;
                    current = new ConcurrentHashMap<>();
                    currentSince = now;
                }
            }
        }
    }

    private boolean isDue(long now) {
        return now - currentSince >= WINDOW.toNanos() || current.size() >= MAX_PER_GENERATION;
    }
}
