package io.sipsm.host.internal.admission;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * How many initial requests each source address sent in the current second, as Kamailio's pike counts them:
 * one counter per source and second, so a source over its rate costs one map lookup and one comparison. The
 * table forgets sources silent for a second once it holds {@value #SWEEP_ABOVE} of them, so a flood from many
 * addresses cannot grow it without end.
 */
public final class SourceRates {

    static final int SWEEP_ABOVE = 10_000;

    private static final long SECOND_NANOS = 1_000_000_000L;

    private final LongSupplier clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final AtomicLong lastSweep = new AtomicLong(Long.MIN_VALUE);

    SourceRates(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Counts one request from {@code source} and says whether it is within {@code perSecond}; a limit of 0 or
     * less takes every request without counting.
     */
    public boolean admit(String source, int perSecond) {
        if (perSecond <= 0) {
            return true;
        }
        long second = Math.floorDiv(clock.getAsLong(), SECOND_NANOS);
        sweep(second);
        return windows.computeIfAbsent(source, s -> new Window()).admit(second, perSecond);
    }

    int sources() {
        return windows.size();
    }

    private void sweep(long second) {
        long last = lastSweep.get();
        if (windows.size() <= SWEEP_ABOVE || last == second || !lastSweep.compareAndSet(last, second)) {
            return;
        }
        windows.values().removeIf(window -> window.before(second - 1));
    }

    private static final class Window {
        private long second = Long.MIN_VALUE;
        private int count;

        synchronized boolean admit(long now, int limit) {
            if (now != second) {
                second = now;
                count = 0;
            }
            if (count >= limit) {
                return false;
            }
            count++;
            return true;
        }

        synchronized boolean before(long limit) {
            return second < limit;
        }
    }
}
