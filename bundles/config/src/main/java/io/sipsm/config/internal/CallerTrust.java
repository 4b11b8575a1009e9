package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.AddressRange;
import io.sipsm.config.SipConfiguration;

/**
 * Who may place calls: the source ranges, per tenant, whose initial requests are taken, the way trunks are
 * configured on a softswitch. Key {@value #KEY} of the global PID (default loopback only, so that out of the box
 * on 127.0.0.1 calls work with no setup) and of each tenant (empty: the global ranges). Pure Java: the settings
 * component feeds it the dictionaries.
 */
final class CallerTrust {

    static final String KEY = "trusted.sources";
    static final List<AddressRange> DEFAULT = List.of(AddressRange.parse("127.0.0.0/8").orElseThrow(),
            AddressRange.parse("::1").orElseThrow());

    private static final Logger LOG = LoggerFactory.getLogger(CallerTrust.class);

    private volatile List<AddressRange> global = DEFAULT;
    /** By tenant name, as the resolver names a call's tenant; empty lists are not kept. */
    private volatile Map<String, List<AddressRange>> tenants = Map.of();
    private final Map<String, String> tenantNamesByPid = new LinkedHashMap<>();

    synchronized void updateGlobal(Dictionary<String, ?> properties) {
        Object raw = properties == null ? null : properties.get(KEY);
        if (raw == null || ValueText.of(raw).isBlank()) {
            global = DEFAULT;
            return;
        }
        parse(SipConfiguration.GLOBAL_PID, raw).ifPresent(ranges -> global = ranges);
    }

    synchronized void updateTenant(String pid, Dictionary<String, ?> properties) {
        String name = TenantParser.name(pid, properties);
        Object raw = properties.get(KEY);
        Map<String, List<AddressRange>> next = new LinkedHashMap<>(tenants);
        String previousName = tenantNamesByPid.put(pid, name);
        if (raw == null || ValueText.of(raw).isBlank()) {
            next.remove(name);
            if (previousName != null) {
                next.remove(previousName);
            }
        } else {
            Optional<List<AddressRange>> ranges = parse(pid, raw);
            if (ranges.isEmpty()) {
                return;
            }
            if (previousName != null) {
                next.remove(previousName);
            }
            next.put(name, ranges.get());
        }
        tenants = Map.copyOf(next);
    }

    synchronized void removeTenant(String pid) {
        String name = tenantNamesByPid.remove(pid);
        if (name != null) {
            Map<String, List<AddressRange>> next = new LinkedHashMap<>(tenants);
            next.remove(name);
            tenants = Map.copyOf(next);
        }
    }

    /** Whether an initial request from {@code source}, of a call of {@code tenant}, is taken. */
    boolean trusts(String source, Optional<String> tenant) {
        return ranges(tenant).stream().anyMatch(range -> range.contains(source));
    }

    List<AddressRange> ranges(Optional<String> tenant) {
        return tenant.map(tenants::get).orElse(global);
    }

    List<AddressRange> global() {
        return global;
    }

    Map<String, List<AddressRange>> tenants() {
        return tenants;
    }

    /** The ranges, or empty after logging why the value is refused (the last good ranges stay). */
    private Optional<List<AddressRange>> parse(String pid, Object raw) {
        List<AddressRange> ranges = new ArrayList<>();
        for (String item : ValueText.items(raw)) {
            if (item.isEmpty()) {
                continue;
            }
            Optional<AddressRange> range = AddressRange.parse(item);
            if (range.isEmpty()) {
                LOG.error("{}: {}={} rejected: '{}' is not an address or CIDR range; the previous sources stay trusted",
                        pid, KEY, ValueText.of(raw), item);
                return Optional.empty();
            }
            ranges.add(range.get());
        }
        if (ranges.stream().anyMatch(AddressRange::isEverything)) {
            LOG.warn("{}: {}={} takes calls from every address: anyone who reaches the SIP port may call through "
                    + "this host; list your trunks' addresses unless that is meant", pid, KEY, ValueText.of(raw));
        }
        return Optional.of(List.copyOf(ranges));
    }
}
