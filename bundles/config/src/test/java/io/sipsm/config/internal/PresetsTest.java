package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

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

    private static String list(String name) {
        Map<SipKey, String> values = Presets.named(name).orElseThrow().values();
        return values.get(SipKey.RESEND_INTERVAL);
    }
}
