package io.sipsm.host.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The requests the host refused for load lately, by transaction id. A caller that retransmits its INVITE
 * before the 503 arrives (or loses it) sends the same request again; deciding afresh could accept that copy
 * once the load fell, and the caller, done with its 503, would get a 200 it never acknowledges. A copy of a
 * refused request is refused again.
 *
 * <p>Two generations of {@link #WINDOW} each, so an entry lives between one and two windows without a timer or
 * a clock per entry; a generation that grows past {@link #MAX_PER_GENERATION} (a flood) starts the next early,
 * which bounds the memory.
 */
final class RecentRefusals {

    /** 64·T1 at the default T1: how long a client retransmits an INVITE. */
    static final Duration WINDOW = Duration.ofSeconds(32);
    static final int MAX_PER_GENERATION = 100_000;

    private final LongSupplier nanoClock;
    private volatile Set<String> current = ConcurrentHashMap.newKeySet();
    private volatile Set<String> previous = Set.of();
    private volatile long currentSince;

    RecentRefusals(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
        this.currentSince = nanoClock.getAsLong();
    }

    void add(String transactionId) {
        rotateIfDue();
        current.add(transactionId);
    }

    boolean contains(String transactionId) {
        rotateIfDue();
        return current.contains(transactionId) || previous.contains(transactionId);
    }

    private void rotateIfDue() {
        if (isDue(nanoClock.getAsLong())) {
            synchronized (this) {
                long now = nanoClock.getAsLong();
                if (isDue(now)) {
                    previous = current;
                    current = ConcurrentHashMap.newKeySet();
                    currentSince = now;
                }
            }
        }
    }

    private boolean isDue(long now) {
        return now - currentSince >= WINDOW.toNanos() || current.size() >= MAX_PER_GENERATION;
    }
}
