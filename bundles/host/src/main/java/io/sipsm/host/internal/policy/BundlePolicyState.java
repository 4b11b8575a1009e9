package io.sipsm.host.internal.policy;

import java.util.Map;
import java.util.Optional;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyState;

/** One policy bundle's view of {@link PolicyStates}: its records, under its symbolic name. */
public final class BundlePolicyState implements PolicyState {

    private final PolicyStates states;
    private final String owner;

    public BundlePolicyState(PolicyStates states, String owner) {
        this.states = states;
        this.owner = owner;
    }

    @Override
    public void put(CallLeg leg, Map<String, String> record) {
        states.put(owner, leg, record);
    }

    @Override
    public Optional<Map<String, String>> get(CallLeg leg) {
        return states.get(owner, leg);
    }

    @Override
    public void remove(CallLeg leg) {
        states.remove(owner, leg);
    }

    @Override
    public Map<CallLeg, Map<String, String>> legs() {
        return states.legs(owner);
    }

    @Override
    public void put(String key, Map<String, String> record) {
        states.put(owner, key, record);
    }

    @Override
    public void remove(String key) {
        states.remove(owner, key);
    }

    @Override
    public Map<String, Map<String, String>> records() {
        return states.records(owner);
    }
}
