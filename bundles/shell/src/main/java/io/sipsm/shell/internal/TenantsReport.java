package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

/** What {@code sipsm:tenants} prints: one row per tenant, in the order the resolver tries them. */
final class TenantsReport {

    private static final int OVERRIDES_WIDTH = 60;

    private final List<TenantSummary> tenants;

    TenantsReport(List<TenantSummary> tenants) {
        this.tenants = List.copyOf(tenants);
    }

    /** Name, selectors, overridden keys (in {@link SipKey} order, so rows compare at a glance), PID. */
    List<List<String>> rows() {
        return tenants.stream().map(t -> List.of(t.name(), String.join(", ", t.selectors()), overrides(t), t.pid()))
                .toList();
    }

    void print(PrintStream out) {
        ShellTable table = new ShellTable().emptyTableText("no tenant configured: every call gets the global settings");
        table.column("Name");
        table.column("Selectors");
        table.column("Overrides");
        table.column("PID");
        // Overrides is the cell that grows (up to all 16 keys); wrapping it keeps the PID on screen.
        rows().forEach(row -> WrappedRows.add(table, row, 2, OVERRIDES_WIDTH));
        table.print(out);
    }

    private static String overrides(TenantSummary tenant) {
        if (tenant.overridden().isEmpty()) {
            return "none (all global)";
        }
        return tenant.overridden().stream().sorted(Comparator.naturalOrder()).map(SipKey::propertyName)
                .collect(Collectors.joining(", "));
    }
}
