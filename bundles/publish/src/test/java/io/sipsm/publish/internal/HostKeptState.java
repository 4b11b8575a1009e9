package io.sipsm.publish.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyState;

/** The host's state store for this bundle, in memory: it outlives the book and the component of a test. */
final class HostKeptState implements PolicyState {

    final Map<String, Map<String, String>> records = new LinkedHashMap<>();

    @Override
    public void put(CallLeg leg, Map<String, String> record) {
        throw new UnsupportedOperationException("the PUBLISH policy keeps no leg state");
    }

    @Override
    public Optional<Map<String, String>> get(CallLeg leg) {
        return Optional.empty();
    }

    @Override
    public void remove(CallLeg leg) {
    }

    @Override
    public Map<CallLeg, Map<String, String>> legs() {
        return Map.of();
    }

    @Override
    public void put(String key, Map<String, String> record) {
        records.put(key, Map.copyOf(record));
    }

    @Override
    public void remove(String key) {
        records.remove(key);
    }

    @Override
    public Map<String, Map<String, String>> records() {
        return new LinkedHashMap<>(records);
    }
}
