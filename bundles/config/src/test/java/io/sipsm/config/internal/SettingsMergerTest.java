package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

class SettingsMergerTest {

    @Test
    void nothingConfiguredGivesTheDefaultsFromDefault() throws Exception {
        EffectiveSettings effective = SettingsMerger.global(SettingsLayer.EMPTY);
        assertEquals(SipSettings.DEFAULTS, effective.settings());
        for (SipKey key : SipKey.values()) {
            assertEquals(ValueSource.DEFAULT, effective.source(key));
        }
        assertEquals(Optional.empty(), effective.tenant());
        assertEquals(List.of(), effective.warnings());
    }

    @Test
    void tenantOverGlobalOverDefault() throws Exception {
        SettingsLayer global = layer("SS_SIP_SEND_RETRY", "5", "SS_SIP_TIMEOUT_INVITE", "15");
        SettingsLayer tenant = layer("SS_SIP_TIMEOUT_INVITE", "30");
        EffectiveSettings effective = SettingsMerger.tenant(global, tenant, "acme");
        assertEquals(5, effective.settings().sendRetry());
        assertEquals(Duration.ofSeconds(30), effective.settings().inviteTimeout());
        assertEquals(Duration.ofSeconds(20), effective.settings().tryingTimeout());
        assertEquals(ValueSource.GLOBAL, effective.source(SipKey.SEND_RETRY));
        assertEquals(ValueSource.tenant("acme"), effective.source(SipKey.TIMEOUT_INVITE));
        assertEquals(ValueSource.DEFAULT, effective.source(SipKey.TIMEOUT_TRYING));
        assertEquals(Optional.of("acme"), effective.tenant());
    }

    @Test
    void sessionExpiresBelowMinSeIsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SettingsMerger.global(
                layer("SS_SIP_SESSION_EXPIRES", "120", "SS_SIP_SESSION_MIN_SE", "300")));
        assertEquals("SS_SIP_SESSION_EXPIRES", e.key());
        assertEquals("120", e.value());
        assertEquals("is below SS_SIP_SESSION_MIN_SE=300", e.reason());
    }

    @Test
    void crossKeyRuleNamesTheTenantWhoseMixBreaksIt() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> SettingsMerger.tenant(
                layer("SS_SIP_SESSION_EXPIRES", "120"), layer("SS_SIP_SESSION_MIN_SE", "600"), "acme"));
        assertTrue(e.reason().endsWith("for tenant acme"), e.reason());
    }

    @ParameterizedTest
    @CsvSource({"4, 128, true", "4, 129, false", "10, 320, true", "10, 321, false", "2, 90, false",
        "3, 96, true", "3, 97, false", "4, 1800, false"})
    void lateRefreshIsAWarningNotARejection(int segment, int sessionExpires, boolean warned) throws Exception {
        EffectiveSettings effective = SettingsMerger.global(layer("SS_SIP_SESSION_UPDATE_SEGMENT",
                String.valueOf(segment), "SS_SIP_SESSION_EXPIRES", String.valueOf(sessionExpires)));
        assertEquals(warned, !effective.warnings().isEmpty(), effective.warnings().toString());
    }

    @Test
    void lateRefreshWarningExplainsTheArithmetic() throws Exception {
        EffectiveSettings effective = SettingsMerger.global(layer("SS_SIP_SESSION_EXPIRES", "120"));
        assertEquals(List.of("SS_SIP_SESSION_UPDATE_SEGMENT=4 with SS_SIP_SESSION_EXPIRES=120 refreshes at 90 s"
                + " but a peer that is not the refresher may send BYE at 88 s (RFC 4028: SE - min(32, SE/3));"
                + " raise Session-Expires above 128 s or lower the segment"), effective.warnings());
    }

    static SettingsLayer layer(Object... keysAndValues) throws InvalidSettingException {
        return LayerParser.parse(Dictionaries.of(keysAndValues), false).layer();
    }
}
