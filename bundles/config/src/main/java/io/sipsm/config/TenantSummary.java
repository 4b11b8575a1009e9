package io.sipsm.config;

import java.util.List;
import java.util.Set;

/**
 * A tenant as configured.
 *
 * @param name the tenant's name
 * @param pid the PID of its factory configuration
 * @param selectors its selectors as configured, for example {@code domain:acme.example.com}
 * @param overridden the keys it sets itself
 */
public record TenantSummary(String name, String pid, List<String> selectors, Set<SipKey> overridden) {

    /** Copies the collections. */
    public TenantSummary {
        selectors = List.copyOf(selectors);
        overridden = Set.copyOf(overridden);
    }
}
