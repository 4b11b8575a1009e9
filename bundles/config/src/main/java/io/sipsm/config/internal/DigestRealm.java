package io.sipsm.config.internal;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A realm and its users' HA1 values, {@code H(username ":" realm ":" password)} per algorithm (RFC 7616 3.4.2):
 * password equivalents, so never logged, but no plain password is ever configured or held.
 *
 * @param name the realm, as challenges name it
 * @param users HA1 by algorithm, by user name
 */
record DigestRealm(String name, Map<String, Map<DigestAlgorithm, String>> users) {

    DigestRealm {
        Map<String, Map<DigestAlgorithm, String>> copy = new LinkedHashMap<>();
        users.forEach((user, ha1) -> copy.put(user, Map.copyOf(new EnumMap<>(ha1))));
        users = Map.copyOf(copy);
    }

    /** The algorithms to challenge with, strongest first: those at least one user has an HA1 for. */
    List<DigestAlgorithm> offered() {
        Set<DigestAlgorithm> any = EnumSet.noneOf(DigestAlgorithm.class);
        users.values().forEach(ha1 -> any.addAll(ha1.keySet()));
        return List.copyOf(any);
    }

    /** The algorithms one user can be verified with, strongest first. */
    List<DigestAlgorithm> offered(String user) {
        Map<DigestAlgorithm, String> ha1 = users.get(user);
        return ha1 == null ? offered() : List.copyOf(EnumSet.copyOf(ha1.keySet()));
    }

    @Override
    public String toString() {
        return "realm \"" + name + "\", users " + users.keySet().stream().sorted().toList(); // never the HA1s
    }
}
