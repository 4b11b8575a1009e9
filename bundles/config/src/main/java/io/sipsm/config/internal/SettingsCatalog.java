package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.TenantSummary;

/**
 * One consistent, validated state of the global configuration and every tenant, with each effective result
 * computed up front: a call's lookup is then a scan of the selectors and no parsing. Immutable; an edit
 * builds a new catalog, and only a catalog that validates replaces the one in force.
 */
final class SettingsCatalog {

    /** Tenants in the order {@link io.sipsm.config.SettingsResolver#tenants()} lists them. */
    private static final Comparator<Tenant> LISTING = Comparator.comparingInt(Tenant::strongestSelector).reversed()
            .thenComparing(Tenant::name);

    private final SettingsLayer global;
    private final Map<String, Tenant> tenantsByPid;
    private final EffectiveSettings effectiveGlobal;
    private final Map<String, EffectiveSettings> effectiveByPid;
    private final List<Tenant> ordered;

    private SettingsCatalog(SettingsLayer global, Map<String, Tenant> tenantsByPid) throws InvalidSettingException {
        this.global = global;
        this.tenantsByPid = Map.copyOf(tenantsByPid);
        this.effectiveGlobal = SettingsMerger.global(global);
        Map<String, EffectiveSettings> effective = new HashMap<>();
        Map<String, String> pidByName = new HashMap<>();
        for (Tenant tenant : tenantsByPid.values()) {
            String clash = pidByName.putIfAbsent(tenant.name(), tenant.pid());
            if (clash != null) {
                throw new InvalidSettingException(SipConfiguration.TENANT_NAME, tenant.name(),
                        "already names the tenant of " + clash);
            }
            effective.put(tenant.pid(), SettingsMerger.tenant(global, tenant.layer(), tenant.name()));
        }
        this.effectiveByPid = Map.copyOf(effective);
        this.ordered = tenantsByPid.values().stream().sorted(LISTING).toList();
    }

    /** Nothing configured: the defaults everywhere. */
    static SettingsCatalog defaults() {
        try {
            return new SettingsCatalog(SettingsLayer.EMPTY, Map.of());
        } catch (InvalidSettingException e) {
            throw new IllegalStateException("the built-in defaults are invalid", e);
        }
    }

    /** The global configuration as set, without the defaults under it. */
    SettingsLayer globalLayer() {
        return global;
    }

    SettingsCatalog withGlobal(SettingsLayer newGlobal) throws InvalidSettingException {
        return new SettingsCatalog(newGlobal, tenantsByPid);
    }

    SettingsCatalog withTenant(Tenant tenant) throws InvalidSettingException {
        Map<String, Tenant> next = new LinkedHashMap<>(tenantsByPid);
        next.put(tenant.pid(), tenant);
        return new SettingsCatalog(global, next);
    }

    /** Cannot fail: removing a tenant removes its conflicts. */
    SettingsCatalog withoutTenant(String pid) {
        Map<String, Tenant> next = new LinkedHashMap<>(tenantsByPid);
        next.remove(pid);
        try {
            return new SettingsCatalog(global, next);
        } catch (InvalidSettingException e) {
            throw new IllegalStateException("removing " + pid + " made the configuration invalid", e);
        }
    }

    EffectiveSettings global() {
        return effectiveGlobal;
    }

    /** The tenant configuration with this PID as set, or null when there is none. */
    Tenant tenantConfiguration(String pid) {
        return tenantsByPid.get(pid);
    }

    /** The effective settings of the tenant with this PID, or null when there is none. */
    EffectiveSettings tenant(String pid) {
        return effectiveByPid.get(pid);
    }

    /**
     * The strongest match wins (application, then domain, then the narrowest source range); between equally
     * strong matches the tenant name that sorts first, so the answer never depends on the order edits arrived.
     */
    EffectiveSettings resolve(NewCall call) {
        Tenant best = null;
        int bestStrength = -1;
        for (Tenant tenant : ordered) {
            OptionalInt strength = tenant.strength(call);
            if (strength.isPresent() && (strength.getAsInt() > bestStrength
                    || strength.getAsInt() == bestStrength && tenant.name().compareTo(best.name()) < 0)) {
                best = tenant;
                bestStrength = strength.getAsInt();
            }
        }
        return best == null ? effectiveGlobal : effectiveByPid.get(best.pid());
    }

    List<TenantSummary> tenants() {
        return ordered.stream().map(Tenant::summary).toList();
    }

    /** Pairs of tenants with an identical selector: legal, but one of them never applies where they overlap. */
    List<String> shadowedSelectors() {
        Map<String, String> firstBySelector = new HashMap<>();
        List<String> out = new ArrayList<>();
        for (Tenant tenant : tenantsByPid.values().stream().sorted(Comparator.comparing(Tenant::name)).toList()) {
            for (TenantSelector selector : tenant.selectors()) {
                String winner = firstBySelector.putIfAbsent(selector.toString(), tenant.name());
                if (winner != null) {
                    out.add("tenants " + winner + " and " + tenant.name() + " both select " + selector + "; "
                            + winner + " wins (name order)");
                }
            }
        }
        return out;
    }
}
