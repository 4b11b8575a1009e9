package io.sipsm.config.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

/**
 * Holds the last good configuration and answers for it. Each edit is parsed and validated as a whole new
 * {@link SettingsCatalog}; a bad edit is logged on one line (PID, key, value, reason), remembered for the shell,
 * and changes nothing. Pure Java: the OSGi component only feeds it Configuration Admin's dictionaries.
 */
public final class SettingsRegistry implements SettingsResolver {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsRegistry.class);

    private final Clock clock;
    private final Consumer<EffectiveSettings> globalChanged;
    private volatile SettingsCatalog catalog = SettingsCatalog.defaults();
    private volatile ConfigurationRejection lastRejection;
    /** Per PID, the latest refusal while Configuration Admin still holds a value not in force. */
    private final Map<String, ConfigurationRejection> standing = new java.util.concurrent.ConcurrentSkipListMap<>();
    /** Per PID, the properties of the last edit seen and of the last one accepted, to tell a new bad value. */
    private final Map<String, Map<String, Object>> stored = new HashMap<>();
    private final Map<String, Map<String, Object>> accepted = new HashMap<>();

    /** Reads one configuration dictionary. */
    private interface Parser<T> {
        T parse(Dictionary<String, ?> properties) throws InvalidSettingException;
    }

    /** @param globalChanged told the new global settings after each accepted change to them */
    public SettingsRegistry(Clock clock, Consumer<EffectiveSettings> globalChanged) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.globalChanged = Objects.requireNonNull(globalChanged, "globalChanged");
    }

    /** A new global configuration; null when it was deleted (back to the defaults). @return whether accepted */
    public synchronized boolean updateGlobal(Dictionary<String, ?> properties) {
        String pid = SipConfiguration.GLOBAL_PID;
        if (properties == null) {
            stored.remove(pid);
            accepted.remove(pid);
            standing.remove(pid);
        }
        try {
            LayerParser.Parsed parsed = properties == null ? LayerParser.parse(null, false)
                    : parseKeepingStale(pid, properties, p -> LayerParser.parse(p, false));
            warn(SipConfiguration.GLOBAL_PID, parsed.warnings());
            install(catalog.withGlobal(parsed.layer()));
            return true;
        } catch (InvalidSettingException e) {
            reject(SipConfiguration.GLOBAL_PID, e, "the previous configuration stays in force");
            return false;
        }
    }

    /** A new or changed tenant configuration. @return whether accepted */
    public synchronized boolean updateTenant(String pid, Dictionary<String, ?> properties) {
        try {
            TenantParser.Parsed parsed = parseKeepingStale(pid, properties, p -> TenantParser.parse(pid, p));
            warn(pid, parsed.warnings());
            install(catalog.withTenant(parsed.tenant()));
            return true;
        } catch (InvalidSettingException e) {
            reject(pid, e, catalog.tenant(pid) != null ? "the tenant's previous configuration stays in force"
                    : "the tenant is not in force");
            return false;
        }
    }

    /** A tenant configuration was deleted. */
    public synchronized void removeTenant(String pid) {
        stored.remove(pid);
        accepted.remove(pid);
        standing.remove(pid);
        install(catalog.withoutTenant(pid));
    }

    @Override
    public EffectiveSettings resolve(NewCall call) {
        return catalog.resolve(Objects.requireNonNull(call, "call"));
    }

    @Override
    public EffectiveSettings global() {
        return catalog.global();
    }

    @Override
    public List<TenantSummary> tenants() {
        return catalog.tenants();
    }

    @Override
    public Optional<ConfigurationRejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    @Override
    public List<ConfigurationRejection> standingRejections() {
        return List.copyOf(standing.values());
    }

    @Override
    public EffectiveSettings preview(String pid, SipKey key, String value) {
        SettingsCatalog current = catalog;
        try {
            Object parsed = KeyRules.parse(key, value);
            if (SipConfiguration.GLOBAL_PID.equals(pid)) {
                return current.withGlobal(current.globalLayer().with(key, parsed)).global();
            }
            Tenant tenant = current.tenantConfiguration(pid);
            if (tenant == null) {
                throw new IllegalArgumentException("no tenant configuration " + pid + " is in force");
            }
            Tenant edited = new Tenant(tenant.name(), tenant.pid(), tenant.selectors(), tenant.layer().with(key, parsed));
            return current.withTenant(edited).tenant(pid);
        } catch (InvalidSettingException e) {
            throw new IllegalArgumentException(e.key() + "=" + e.value() + " rejected: " + e.reason(), e);
        }
    }

    /**
     * Parses an edit whole. A bad value this edit brings refuses it; a bad value refused before and left stored
     * unchanged in Configuration Admin (or found when the PID is first read) does not block the other keys: that key keeps its last accepted
     * value (or none), and the log says again that it is refused and how to remove it.
     */
    private <T> T parseKeepingStale(String pid, Dictionary<String, ?> properties, Parser<T> parser)
            throws InvalidSettingException {
        Map<String, Object> edit = new HashMap<>();
        Collections.list(properties.keys()).forEach(key -> edit.put(key, properties.get(key)));
        Map<String, Object> before = stored.put(pid, edit);
        Map<String, Object> lastGood = accepted.getOrDefault(pid, Map.of());
        Hashtable<String, Object> effective = new Hashtable<>(edit);
        List<InvalidSettingException> stale = new ArrayList<>();
        while (true) {
            try {
                T parsed = parser.parse(effective);
                standing.remove(pid);
                for (InvalidSettingException e : stale) {
                    lastRejection = new ConfigurationRejection(pid, e.key(), e.value(), e.reason(), clock.instant());
                    standing.put(pid, lastRejection);
                    LOG.error("{}: {}={} rejected: {}; refused before and still stored, it keeps its last good value while "
                            + "the other keys apply (config:property-delete -p {} {})", pid, e.key(), e.value(),
                            e.reason(), pid, e.key());
                }
                accepted.put(pid, Map.copyOf(effective));
                return parsed;
            } catch (InvalidSettingException e) {
                String property = edit.keySet().stream().filter(k -> k.equalsIgnoreCase(e.key())).findFirst()
                        .orElse(null);
                // At first sight (start, or the first edit of a PID) there is no edit to refuse: the stored
                // values are taken key by key, as those of an edit that left a refused value in place.
                boolean unchanged = property != null
                        && (before == null || Objects.deepEquals(before.get(property), edit.get(property)));
                if (!unchanged || stale.stream().anyMatch(s -> s.key().equals(e.key()))) {
                    throw e;
                }
                stale.add(e);
                Object good = lastGood.get(property);
                if (good == null) {
                    effective.remove(property);
                } else {
                    effective.put(property, good);
                }
            }
        }
    }

    private void install(SettingsCatalog next) {
        SettingsCatalog previous = catalog;
        catalog = next;
        ChangeLog.log(previous, next);
        if (!next.global().equals(previous.global())) {
            globalChanged.accept(next.global());
        }
    }

    private void reject(String pid, InvalidSettingException e, String consequence) {
        lastRejection = new ConfigurationRejection(pid, e.key(), e.value(), e.reason(), clock.instant());
        standing.put(pid, lastRejection);
        LOG.error("{}: {}={} rejected: {}; {}", pid, e.key(), e.value(), e.reason(), consequence);
    }

    private static void warn(String pid, List<String> warnings) {
        warnings.forEach(w -> LOG.warn("{}: {}", pid, w));
    }
}
