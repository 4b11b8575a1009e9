package io.sipsm.config.internal;

import java.util.List;
import java.util.OptionalInt;

import io.sipsm.config.NewCall;
import io.sipsm.config.TenantSummary;

/**
 * One tenant: its name, the PID of its factory configuration, its selectors and the keys it sets.
 */
record Tenant(String name, String pid, List<TenantSelector> selectors, SettingsLayer layer) {

    Tenant {
        selectors = List.copyOf(selectors);
        if (selectors.isEmpty()) {
            throw new IllegalArgumentException("a tenant needs a selector");
        }
    }

    /** The strongest of its selectors matching the call; empty when none does. */
    OptionalInt strength(NewCall call) {
        return selectors.stream().map(s -> s.strength(call)).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).max();
    }

    /** The strongest of its selectors, for listing tenants in the order they are tried. */
    int strongestSelector() {
        return selectors.stream().mapToInt(TenantSelector::strength).max().orElseThrow();
    }

    TenantSummary summary() {
        return new TenantSummary(name, pid, selectors.stream().map(TenantSelector::toString).toList(), layer.keys());
    }
}
