package io.sipsm.host.internal.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.sipsm.host.CallLeg;

/**
 * What every policy keeps of calls in progress, by the policy bundle's symbolic name (its owner), so that it
 * outlives the bundle's revisions. A leg's records go when its session is discarded; an owner's go when its
 * bundle is uninstalled for good, or when the host stops (the calls go with it).
 *
 * <p>The dispatcher and the session listeners reach it through {@link #INSTANCE}; one host runs per framework.
 */
public final class PolicyStates {

    public static final PolicyStates INSTANCE = new PolicyStates();

    private record LegRecord(CallLeg leg, Map<String, String> record) {
    }

    /** One owner's records. */
    private static final class Owned {
        final Map<String, LegRecord> legs = new ConcurrentHashMap<>();
        final Map<String, Map<String, String>> named = new ConcurrentHashMap<>();
    }

    /** An owner's figures, for {@code sipsm:policy-state}. */
    public record Figures(String owner, int legs, int records) {
    }

    private final Map<String, Owned> owners = new ConcurrentHashMap<>();

    private Owned owned(String owner) {
        return owners.computeIfAbsent(owner, o -> new Owned());
    }

    void put(String owner, CallLeg leg, Map<String, String> record) {
        if (leg.state() == CallLeg.State.TERMINATED) {
            return;
        }
        owned(owner).legs.put(leg.id(), new LegRecord(leg, Map.copyOf(record)));
    }

    Optional<Map<String, String>> get(String owner, CallLeg leg) {
        Owned o = owners.get(owner);
        LegRecord kept = o == null ? null : o.legs.get(leg.id());
        return kept == null ? Optional.empty() : Optional.of(kept.record());
    }

    void remove(String owner, CallLeg leg) {
        Owned o = owners.get(owner);
        if (o != null) {
            o.legs.remove(leg.id());
        }
    }

    /** The owner's legs not yet ended; a leg found ended on the way is forgotten. */
    Map<CallLeg, Map<String, String>> legs(String owner) {
        Owned o = owners.get(owner);
        Map<CallLeg, Map<String, String>> live = new LinkedHashMap<>();
        if (o != null) {
            o.legs.values().forEach(kept -> {
                if (kept.leg().state() == CallLeg.State.TERMINATED) {
                    o.legs.remove(kept.leg().id(), kept);
                } else {
                    live.put(kept.leg(), kept.record());
                }
            });
        }
        return live;
    }

    void put(String owner, String key, Map<String, String> record) {
        owned(owner).named.put(key, Map.copyOf(record));
    }

    void remove(String owner, String key) {
        Owned o = owners.get(owner);
        if (o != null) {
            o.named.remove(key);
        }
    }

    Map<String, Map<String, String>> records(String owner) {
        Owned o = owners.get(owner);
        return o == null ? Map.of() : Map.copyOf(o.named);
    }

    /** The container discarded the leg's session: nobody needs its records any more. */
    public void legEnded(String legId) {
        owners.values().forEach(o -> o.legs.remove(legId));
    }

    /** The owner's bundle is gone for good. */
    public void release(String owner) {
        owners.remove(owner);
    }

    public void clear() {
        owners.clear();
    }

    public java.util.List<Figures> figures() {
        return owners.entrySet().stream()
                .map(e -> new Figures(e.getKey(), e.getValue().legs.size(), e.getValue().named.size()))
                .sorted(java.util.Comparator.comparing(Figures::owner)).toList();
    }
}
