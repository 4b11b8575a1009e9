package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.ValueSource;
import io.sipsm.host.TransactionTimers;

/**
 * What {@code sipsm:settings} prints: every key with its value and origin (default, global or tenant, and the
 * preset of that layer's profile when one set it), the presets in force, then how the resend list reaches
 * the host, the host's timers now, warnings, and the last refused edit. The last matters because a refused
 * value stays stored in Configuration Admin, so {@code config:list} shows a value that is not in force.
 */
final class SettingsReport {

    // Widths that keep a row within a 132-column terminal; a full resend list is 21 to 60 characters.
    private static final int VALUE_WIDTH = 40;
    private static final int DETAIL_WIDTH = 100;

    private final SettingsLookup.Result lookup;
    private final Optional<TransactionTimers.Values> hostTimers;
    private final Optional<ConfigurationRejection> lastRejection;

    /**
     * @param hostTimers the host's current timers, empty when no {@link TransactionTimers} service is there
     * @param lastRejection the most recent refused edit, if any
     */
    SettingsReport(SettingsLookup.Result lookup, Optional<TransactionTimers.Values> hostTimers,
            Optional<ConfigurationRejection> lastRejection) {
        this.lookup = lookup;
        this.hostTimers = hostTimers;
        this.lastRejection = lastRejection;
    }

    /** One row per key, in {@link SipKey} order: property name, value as typed, origin. */
    List<List<String>> keyRows() {
        EffectiveSettings effective = lookup.effective();
        List<List<String>> rows = new ArrayList<>();
        for (SipKey key : SipKey.values()) {
            rows.add(List.of(key.propertyName(), effective.settings().text(key), effective.source(key).toString()));
        }
        return rows;
    }

    /** Label and text rows under the key table. */
    List<List<String>> detailRows() {
        EffectiveSettings effective = lookup.effective();
        ResendMapping resend = effective.resend();
        List<List<String>> rows = new ArrayList<>();
        presets(effective).ifPresent(presets -> rows.add(List.of("Presets in force", presets)));
        rows.add(List.of("Resend mapping", resend.exact() ? "exact" : "approximate"));
        rows.add(List.of("  T1 / T2 for the host", Units.millis(resend.t1Millis()) + " / " + Units.millis(resend.t2Millis())));
        rows.add(List.of("  retransmissions", resend.retransmissions() + " within " + Units.seconds(resend.window())));
        rows.add(List.of("  why", resend.explanation()));
        rows.add(List.of("Host timers now", hostTimers.map(SettingsReport::timers)
                .orElse("unknown: no TransactionTimers service (is the SIP host running?)")));
        hostNote(effective, resend).ifPresent(note -> rows.add(List.of("  note", note)));
        lookup.notes().forEach(note -> rows.add(List.of("Note", note)));
        effective.warnings().forEach(warning -> rows.add(List.of("Warning", warning)));
        rows.add(List.of("Last refused edit", lastRejection.map(SettingsReport::rejection)
                .orElse("none since the configuration service started")));
        return rows;
    }

    /** Prints the subject, the key table and the details. */
    void print(PrintStream out) {
        out.println("Effective settings: " + lookup.subject());
        ShellTable keys = new ShellTable();
        keys.column("Key");
        keys.column("Value");
        keys.column("Source");
        keyRows().forEach(row -> WrappedRows.add(keys, row, 1, VALUE_WIDTH));
        keys.print(out);
        out.println();
        ShellTable details = new ShellTable().noHeaders();
        details.column("");
        details.column("");
        detailRows().forEach(row -> WrappedRows.add(details, row, 1, DETAIL_WIDTH));
        details.print(out);
    }

    /**
     * The host has one T1/T2 and follows the global mapping only, so say so when the shown mapping is not what
     * the host runs: for a tenant that is by design (its list still reaches the wire with its gateway INVITEs),
     * for the global settings it means the last apply failed.
     */
    private Optional<String> hostNote(EffectiveSettings effective, ResendMapping resend) {
        if (hostTimers.isEmpty()) {
            return Optional.empty();
        }
        TransactionTimers.Values now = hostTimers.get();
        boolean sameAsHost = now.t1() == resend.t1Millis() && now.t2() == resend.t2Millis();
        if (effective.tenant().isPresent()) {
            return sameAsHost ? Optional.empty() : Optional.of("the host follows the global settings for T1/T2;"
                    + " this tenant's gateway INVITEs are retransmitted at its own list, its other requests at the"
                    + " global one");
        }
        return sameAsHost ? Optional.empty() : Optional.of("the host's T1/T2 differ from the global mapping;"
                + " the last apply may have failed, see the log");
    }

    /**
     * The presets that set some value, by layer: {@code tenant acme: prepaid-retail; global: unstable-networks}.
     * A preset whose every key is overridden is not in force and not listed.
     */
    private static Optional<String> presets(EffectiveSettings effective) {
        Map<String, Set<String>> byLayer = new LinkedHashMap<>();
        for (SipKey key : SipKey.values()) {
            ValueSource source = effective.source(key);
            if (source.isPreset()) {
                String layer = new ValueSource(source.kind(), source.tenant()).toString();
                byLayer.computeIfAbsent(layer, l -> new TreeSet<>()).add(source.preset());
            }
        }
        return byLayer.isEmpty() ? Optional.empty() : Optional.of(byLayer.entrySet().stream()
                .map(e -> e.getKey() + ": " + String.join(", ", e.getValue())).collect(Collectors.joining("; ")));
    }

    private static String timers(TransactionTimers.Values values) {
        return "T1 " + Units.millis(values.t1()) + ", T2 " + Units.millis(values.t2()) + ", T4 "
                + Units.millis(values.t4()) + ", Timer D " + Units.millis(values.timerD());
    }

    private static String rejection(ConfigurationRejection rejection) {
        return rejection + " (at " + rejection.at() + "); the value may still be stored in Configuration Admin"
                + " and blocks every later edit of that PID until it is fixed";
    }
}
