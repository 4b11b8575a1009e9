package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.ValueSource;
import io.sipsm.host.TransactionTimers;

class SettingsReportTest {

    private static final ConfigurationRejection REFUSED = new ConfigurationRejection("io.sipsm.sip",
            "SS_SIP_SEND_RETRY", "11", "must be 1..10", Instant.parse("2025-01-02T03:04:05Z"));

    @Test
    void everyKeyHasItsValueAndSourceInKeyOrder() {
        EffectiveSettings acme = Fixtures.tenant("acme", SipKey.SEND_RETRY);

        List<List<String>> rows = report(acme, Optional.empty(), Optional.empty()).keyRows();

        assertEquals(SipKey.values().length, rows.size());
        assertEquals(List.of("SS_SIP_RESEND_INTERVAL", "0.5,1,2,4,4,4,4,4,4,4", "default"), rows.get(0));
        assertEquals(List.of("SS_SIP_SEND_RETRY", "10", "tenant acme"), rows.get(1));
    }

    @Test
    void aValueFromAPresetSaysWhichPresetOfWhichLayerAndThePresetsInForceAreListed() {
        ValueSource global = ValueSource.GLOBAL.fromPreset("unstable-networks");
        ValueSource tenant = ValueSource.tenant("acme").fromPreset("prepaid-retail");
        EffectiveSettings acme = Fixtures.effective(Optional.of("acme"), Map.of(SipKey.RESEND_INTERVAL, global,
                SipKey.SESSION_UPDATE_SEGMENT, tenant, SipKey.ENABLE_100REL, tenant,
                SipKey.SEND_RETRY, ValueSource.tenant("acme")), Fixtures.EXACT, List.of());

        SettingsReport report = report(acme, Optional.empty(), Optional.empty());

        assertEquals(List.of("SS_SIP_RESEND_INTERVAL", "0.5,1,2,4,4,4,4,4,4,4", "global preset unstable-networks"),
                report.keyRows().get(0));
        assertEquals(List.of("SS_SIP_SEND_RETRY", "10", "tenant acme"), report.keyRows().get(1));
        assertEquals("global: unstable-networks; tenant acme: prepaid-retail",
                value(report.detailRows(), "Presets in force"));
    }

    @Test
    void withoutPresetsThereIsNoPresetsRow() {
        assertFalse(labels(report(Fixtures.global(), Optional.empty(), Optional.empty()).detailRows())
                .contains("Presets in force"));
    }

    @Test
    void detailsShowTheMappingHostTimersAndNoRejection() {
        List<List<String>> rows = report(Fixtures.global(), Optional.of(TransactionTimers.Values.RFC3261),
                Optional.empty()).detailRows();

        assertTrue(rows.contains(List.of("Resend mapping", "exact")));
        assertTrue(rows.contains(List.of("  T1 / T2 for the host", "500 ms / 4000 ms")));
        assertTrue(rows.contains(List.of("  retransmissions", "10 within 31.5 s")));
        assertTrue(rows.contains(List.of("Host timers now", "T1 500 ms, T2 4000 ms, T4 5000 ms, Timer D 32000 ms")));
        assertTrue(rows.contains(List.of("Last refused edit", "none since the configuration service started")));
        assertFalse(labels(rows).contains("  note"), "the host runs the global mapping, nothing to explain");
    }

    @Test
    void missingHostTimersServiceIsSaid() {
        List<List<String>> rows = report(Fixtures.global(), Optional.empty(), Optional.empty()).detailRows();

        assertTrue(value(rows, "Host timers now").startsWith("unknown: no TransactionTimers service"));
    }

    @Test
    void globalMappingTheHostDoesNotRunPointsToTheLog() {
        TransactionTimers.Values stale = new TransactionTimers.Values(250, 4000, 5000, 32000);

        List<List<String>> rows = report(Fixtures.global(), Optional.of(stale), Optional.empty()).detailRows();

        assertTrue(value(rows, "  note").contains("the last apply may have failed"));
    }

    @Test
    void tenantMappingTheHostDoesNotRunIsExplainedAsByDesign() {
        ResendMapping tenantList = new ResendMapping(1000, 4000, false, "approximate: ...", 3, Duration.ofSeconds(7));
        EffectiveSettings acme = Fixtures.effective(Optional.of("acme"),
                Map.of(SipKey.RESEND_INTERVAL, ValueSource.tenant("acme")), tenantList, List.of());

        List<List<String>> rows = report(acme, Optional.of(TransactionTimers.Values.RFC3261), Optional.empty())
                .detailRows();

        assertTrue(rows.contains(List.of("Resend mapping", "approximate")));
        assertTrue(value(rows, "  note").startsWith("the host follows the global settings"));
    }

    @Test
    void warningsLookupNotesAndTheLastRejectionAreListed() {
        EffectiveSettings warned = Fixtures.effective(Optional.empty(), Map.of(), Fixtures.EXACT,
                List.of("SS_SIP_SESSION_UPDATE_SEGMENT=4 with SS_SIP_SESSION_EXPIRES=120 refreshes late"));
        SettingsLookup.Result lookup = new SettingsLookup.Result(warned, "global settings", List.of("a note"));

        List<List<String>> rows = new SettingsReport(lookup, Optional.empty(), Optional.of(REFUSED)).detailRows();

        assertTrue(rows.contains(List.of("Note", "a note")));
        assertTrue(rows.contains(List.of("Warning", "SS_SIP_SESSION_UPDATE_SEGMENT=4 with SS_SIP_SESSION_EXPIRES=120 refreshes late")));
        assertTrue(value(rows, "Last refused edit").startsWith(
                "io.sipsm.sip: SS_SIP_SEND_RETRY=11 rejected: must be 1..10 (at 2025-01-02T03:04:05Z)"));
    }

    @Test
    void printsSubjectTableAndDetails() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        report(Fixtures.global(), Optional.empty(), Optional.of(REFUSED)).print(out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Effective settings: global settings"), text);
        assertTrue(text.contains("SS_SIP_ENABLE_PUBLISH_EXPIRE"), text);
        assertTrue(text.contains("SS_SIP_SEND_RETRY=11 rejected"), text);
    }

    private static SettingsReport report(EffectiveSettings effective, Optional<TransactionTimers.Values> timers,
            Optional<ConfigurationRejection> rejection) {
        return new SettingsReport(new SettingsLookup.Result(effective, "global settings", List.of()), timers, rejection);
    }

    private static List<String> labels(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    private static String value(List<List<String>> rows, String label) {
        return rows.stream().filter(r -> r.get(0).equals(label)).map(r -> r.get(1)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + label + " in " + rows));
    }
}
