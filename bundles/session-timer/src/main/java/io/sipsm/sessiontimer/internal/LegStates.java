package io.sipsm.sessiontimer.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyState;

/**
 * The policy's leg records as the host keeps them ({@link PolicyState}), and the clock their due instants are
 * read on. Writes are cheap map puts; they happen when a leg's timers are armed, not per message.
 */
final class LegStates {

    private static final Logger LOG = LoggerFactory.getLogger(LegStates.class);

    private final PolicyState state;
    private final LongSupplier nanoClock;

    LegStates(PolicyState state, LongSupplier nanoClock) {
        this.state = state;
        this.nanoClock = nanoClock;
    }

    long now() {
        return nanoClock.getAsLong();
    }

    void save(CallLeg leg, LegRecord record) {
        state.put(leg, record.encode());
    }

    /** The leg's record, or null when there is none or it cannot be read. */
    LegRecord load(CallLeg leg) {
        return state.get(leg).map(m -> read(leg, m)).orElse(null);
    }

    void forget(CallLeg leg) {
        state.remove(leg);
    }

    /** Every live leg with a record this revision can read. */
    Map<CallLeg, LegRecord> all() {
        Map<CallLeg, LegRecord> legs = new LinkedHashMap<>();
        state.legs().forEach((leg, m) -> {
            LegRecord record = read(leg, m);
            if (record != null) {
                legs.put(leg, record);
            }
        });
        return legs;
    }

    private static LegRecord read(CallLeg leg, Map<String, String> m) {
        try {
            return LegRecord.decode(m);
        } catch (IllegalArgumentException e) {
            LOG.warn("Session timer of call {} cannot be taken up ({}); the call goes on without it", leg.callId(),
                    e.getMessage());
            return null;
        }
    }
}
