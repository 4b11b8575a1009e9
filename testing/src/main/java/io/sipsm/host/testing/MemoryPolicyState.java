package io.sipsm.host.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyState;

/** The host's state store for one bundle, in memory, as a test needs it: it outlives the policy objects. */
public final class MemoryPolicyState implements PolicyState {

    private final Map<CallLeg, Map<String, String>> legs = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> named = new LinkedHashMap<>();

    @Override
    public synchronized void put(CallLeg leg, Map<String, String> record) {
        if (leg.state() != CallLeg.State.TERMINATED) {
            legs.put(leg, Map.copyOf(record));
        }
    }

    @Override
    public synchronized Optional<Map<String, String>> get(CallLeg leg) {
        return Optional.ofNullable(legs.get(leg));
    }

    @Override
    public synchronized void remove(CallLeg leg) {
        legs.remove(leg);
    }

    @Override
    public synchronized Map<CallLeg, Map<String, String>> legs() {
        return new LinkedHashMap<>(legs);
    }

    @Override
    public synchronized void put(String key, Map<String, String> record) {
        named.put(key, Map.copyOf(record));
    }

    @Override
    public synchronized void remove(String key) {
        named.remove(key);
    }

    @Override
    public synchronized Map<String, Map<String, String>> records() {
        return new LinkedHashMap<>(named);
    }
}
