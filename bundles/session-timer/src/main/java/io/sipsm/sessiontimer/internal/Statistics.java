package io.sipsm.sessiontimer.internal;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counters per {@link Outcome}, contention-free for the SIP threads that bump them. */
final class Statistics {

    private final Map<Outcome, LongAdder> counters = new EnumMap<>(Outcome.class);

    Statistics() {
        for (Outcome outcome : Outcome.values()) {
            counters.put(outcome, new LongAdder());
        }
    }

    void count(Outcome outcome) {
        counters.get(outcome).increment();
    }

    long get(Outcome outcome) {
        return counters.get(outcome).sum();
    }

    /** A snapshot, every outcome present. */
    Map<Outcome, Long> snapshot() {
        Map<Outcome, Long> copy = new EnumMap<>(Outcome.class);
        counters.forEach((outcome, adder) -> copy.put(outcome, adder.sum()));
        return Collections.unmodifiableMap(copy);
    }
}
