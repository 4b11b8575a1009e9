package io.sipsm.setuptimeouts.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A counter per {@link EndReason}; cheap to bump from many SIP threads at once. */
final class EndCounters {

    private final Map<EndReason, LongAdder> counters = new EnumMap<>(EndReason.class);

    EndCounters() {
        for (EndReason reason : EndReason.values()) {
            counters.put(reason, new LongAdder());
        }
    }

    void count(EndReason reason) {
        counters.get(reason).increment();
    }

    long get(EndReason reason) {
        return counters.get(reason).sum();
    }

    /** A consistent-enough copy, in the reasons' order. */
    Map<EndReason, Long> snapshot() {
        Map<EndReason, Long> copy = new EnumMap<>(EndReason.class);
        counters.forEach((reason, counter) -> copy.put(reason, counter.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
