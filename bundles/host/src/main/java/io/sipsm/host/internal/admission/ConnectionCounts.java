package io.sipsm.host.internal.admission;

import java.util.HashMap;
import java.util.Map;

/**
 * The TCP connections peers hold open to the host, in total and by source address, against the limits of
 * {@link LimitSettings}. The accept loop asks before it gives a connection its threads; the connection's end
 * gives its place back, once.
 */
public final class ConnectionCounts {

    /** What became of a connection asking for a place. */
    public enum Admission {
        OPEN, TOTAL_LIMIT, SOURCE_LIMIT
    }

    private final Map<String, Integer> bySource = new HashMap<>();
    private int total;

    public synchronized Admission open(String source, int maxTotal, int maxPerSource) {
        if (total >= maxTotal) {
            return Admission.TOTAL_LIMIT;
        }
        int held = bySource.getOrDefault(source, 0);
        if (held >= maxPerSource) {
            return Admission.SOURCE_LIMIT;
        }
        bySource.put(source, held + 1);
        total++;
        return Admission.OPEN;
    }

    public synchronized void close(String source) {
        Integer held = bySource.get(source);
        if (held == null) {
            return;
        }
        if (held <= 1) {
            bySource.remove(source);
        } else {
            bySource.put(source, held - 1);
        }
        total--;
    }

    synchronized int total() {
        return total;
    }

    synchronized int of(String source) {
        return bySource.getOrDefault(source, 0);
    }
}
