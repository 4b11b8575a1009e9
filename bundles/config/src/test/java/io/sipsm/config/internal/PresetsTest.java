package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/** The presets are data: these tests pin their names, their keys, the figures the guides give, and validity. */
class PresetsTest {

    private static final Set<SipKey> OPERATION_KEYS = Set.of(SipKey.SESSION_UPDATE_SEGMENT,
            SipKey.SESSION_TIMEOUT_EARLY_HANGUP, SipKey.NO_TIMER_REINVITE_INTERVAL, SipKey.ENABLE_100REL);

    @Test
    void theGuidesFiveOperationTypesAndFiveDeploymentTypes() {
        assertEquals(List.of("call-center", "enterprise-pbx", "prepaid-retail", "residential", "wholesale-termination",
                "aggressive-retry", "fast-failover", "high-reliability", "standard", "unstable-networks"),
                Presets.all().stream().map(Presets.Preset::name).toList());
    }

    @Test
    void operationTypesSetTheSessionKeysAndDeploymentTypesOnlyTheResendList() {
        for (Presets.Preset preset : Presets.all()) {
            Set<SipKey> expected = preset.kind() == Presets.Kind.OPERATION ? OPERATION_KEYS
                    : Set.of(SipKey.RESEND_INTERVAL);
            assertEquals(expected, preset.values().keySet(), preset.name());
        }
    }

    /** Each operation type's row of the README's table, applied as a profile. */
    @ParameterizedTest
    @CsvSource({
        "wholesale-termination, 4, 60, 3600, false",
        "prepaid-retail, 4, 30, 1800, false",
        "enterprise-pbx, 2, 60, 7200, true",
        "call-center, 4, 60, 14400, true",
        "residential, 2, 30, 7200, false",
    })
    void eachOperationTypeSetsItsRow(String name, int segment, int earlyHangup, int noTimerInterval, boolean prack)
            throws Exception {
        SipSettings settings = applied(name);
        assertEquals(segment, settings.sessionUpdateSegment());
        assertEquals(java.time.Duration.ofSeconds(earlyHangup), settings.earlyHangup());
        assertEquals(java.time.Duration.ofSeconds(noTimerInterval), settings.noTimerReinviteInterval());
        assertEquals(prack, settings.reliableProvisionals());
        assertEquals(SipSettings.DEFAULTS.resendIntervals(), settings.resendIntervals(), "no resend list");
    }

    /** Each deployment type's resend list, applied as a profile; it leaves the session keys at their defaults. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "standard          | 0.5,1,2,4,4,4,4,4,4,4",
        "unstable-networks | 0.5,1,2,4,8,8,8,8,8,8",
        "fast-failover     | 0.5,1,2",
        "high-reliability  | 1,2,4,8,8,8,8,8,8,8",
        "aggressive-retry  | 0.5,0.5,1,1,2,2,4,4,4,4",
    })
    void eachDeploymentTypeSetsItsResendList(String name, String list) throws Exception {
        SipSettings settings = applied(name);
        assertEquals(list, settings.text(SipKey.RESEND_INTERVAL));
        assertEquals(SipSettings.DEFAULTS.sessionUpdateSegment(), settings.sessionUpdateSegment());
        assertEquals(SipSettings.DEFAULTS.earlyHangup(), settings.earlyHangup());
        assertEquals(SipSettings.DEFAULTS.reliableProvisionals(), settings.reliableProvisionals());
    }

    @Test
    void theResendListsTheGuidesGiveAreTakenAsGiven() {
        assertEquals("0.5,0.5,1,1,2,2,4,4,4,4", list("aggressive-retry"));
        assertEquals("0.5,1,2,4,8,8,8,8,8,8", list("unstable-networks"));
        assertEquals(SipSettings.DEFAULTS.text(SipKey.RESEND_INTERVAL), list("standard"));
        assertEquals(Presets.GUIDES_VIA_ISSUE_26, Presets.named("aggressive-retry").orElseThrow().source());
        assertEquals(Presets.GUIDES_VIA_ISSUE_26, Presets.named("unstable-networks").orElseThrow().source());
        assertEquals(Presets.MANUAL_DEFAULT, Presets.named("standard").orElseThrow().source());
    }

    @Test
    void everyPresetSaysWhereItsValuesComeFrom() {
        for (Presets.Preset preset : Presets.all()) {
            assertFalse(preset.source().isBlank(), preset.name());
        }
    }

    @Test
    void everyPresetValuePassesTheKeysOwnRules() {
        for (Presets.Preset preset : Presets.all()) {
            preset.values().forEach((key, value) -> assertDoesNotThrow(() -> KeyRules.parse(key, value),
                    preset.name() + " " + key));
        }
    }

    @Test
    void everyPairOfOneOperationAndOneDeploymentTypeIsAValidConfiguration() throws Exception {
        for (Presets.Preset operation : Presets.all()) {
            for (Presets.Preset deployment : Presets.all()) {
                if (operation.kind() == Presets.Kind.OPERATION && deployment.kind() == Presets.Kind.DEPLOYMENT) {
                    ProfileParser.Profile profile = ProfileParser.parse(operation.name() + "," + deployment.name());
                    assertDoesNotThrow(() -> SettingsMerger.global(
                            SettingsLayer.EMPTY.overPreset(profile.values(), profile.presetNames())));
                }
            }
        }
    }

    @Test
    void earlyHangupPresetsStayWithinTheManualsRecommendedThirtyToSixtySeconds() {
        for (Presets.Preset preset : Presets.all()) {
            String earlyHangup = preset.values().get(SipKey.SESSION_TIMEOUT_EARLY_HANGUP);
            if (earlyHangup != null) {
                int seconds = Integer.parseInt(earlyHangup);
                assertTrue(seconds >= 30 && seconds <= 60, preset.name() + ": " + seconds);
            }
        }
    }

    @Test
    void namesIgnoreCaseBlanksSpacesAndUnderscores() {
        Presets.Preset callCenter = Presets.named("call-center").orElseThrow();
        for (String spelling : List.of("Call Center", " CALL_CENTER ", "call-center", "call  center")) {
            assertEquals(callCenter, Presets.named(spelling).orElseThrow(), spelling);
        }
        assertTrue(Presets.named("callcenter").isEmpty());
        assertTrue(Presets.named("").isEmpty());
    }

    @Test
    void messagesListTheNamesOfAKind() {
        assertEquals("call-center, enterprise-pbx, prepaid-retail, residential, wholesale-termination",
                Presets.names(Presets.Kind.OPERATION));
        assertEquals("aggressive-retry, fast-failover, high-reliability, standard, unstable-networks",
                Presets.names(Presets.Kind.DEPLOYMENT));
    }

    private static SipSettings applied(String profile) throws Exception {
        ProfileParser.Profile parsed = ProfileParser.parse(profile);
        return SettingsMerger.global(SettingsLayer.EMPTY.overPreset(parsed.values(), parsed.presetNames()))
                .settings();
    }

    private static String list(String name) {
        Map<SipKey, String> values = Presets.named(name).orElseThrow().values();
        return values.get(SipKey.RESEND_INTERVAL);
    }
}
