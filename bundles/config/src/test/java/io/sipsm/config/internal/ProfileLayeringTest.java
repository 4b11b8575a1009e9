package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/**
 * How a profile's presets take part in the layers: explicit keys of the same configuration override the preset,
 * a tenant's preset overrides the global configuration, every value says where it came from, and a bad profile
 * is refused like any bad value.
 */
class ProfileLayeringTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ACME = "io.sipsm.sip.tenant~acme";
    private static final NewCall ACME_CALL = new NewCall("acme.example.com", "192.0.2.7", "b2bua");

    private final SettingsRegistry registry = new SettingsRegistry(Clock.fixed(NOW, ZoneOffset.UTC), g -> { });

    @Test
    void aGlobalProfileSetsItsKeysAndEachSaysWhichPreset() throws Exception {
        EffectiveSettings effective = SettingsMerger.global(SettingsMergerTest.layer(
                "tenant.profile", "call-center,aggressive-retry"));
        assertEquals(value("call-center", SipKey.SESSION_UPDATE_SEGMENT), effective.settings().text(
                SipKey.SESSION_UPDATE_SEGMENT));
        assertEquals("0.5,0.5,1,1,2,2,4,4,4,4", effective.settings().text(SipKey.RESEND_INTERVAL));
        assertEquals("global preset call-center", effective.source(SipKey.ENABLE_100REL).toString());
        assertEquals("global preset aggressive-retry", effective.source(SipKey.RESEND_INTERVAL).toString());
        assertEquals(ValueSource.DEFAULT, effective.source(SipKey.SEND_RETRY));
        assertTrue(effective.source(SipKey.RESEND_INTERVAL).isPreset());
        assertFalse(effective.resend().exact(), "aggressive retry is not T1 doubling to T2");
    }

    @Test
    void anExplicitKeyOverridesThePresetOfTheSameConfiguration() throws Exception {
        EffectiveSettings effective = SettingsMerger.global(SettingsMergerTest.layer(
                "tenant.profile", "residential", "SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP", "45"));
        assertEquals(Duration.ofSeconds(45), effective.settings().earlyHangup());
        assertEquals(ValueSource.GLOBAL, effective.source(SipKey.SESSION_TIMEOUT_EARLY_HANGUP));
        assertEquals("global preset residential", effective.source(SipKey.SESSION_UPDATE_SEGMENT).toString());
    }

    @Test
    void aTenantsPresetOverridesTheGlobalConfigurationAndItsOwnKeysOverrideThePreset() {
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SESSION_UPDATE_SEGMENT", "3",
                "SS_SIP_SEND_RETRY", "7", "tenant.profile", "unstable-networks")));
        assertTrue(registry.updateTenant(ACME, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "tenant.profile", "prepaid-retail", "SS_SIP_ENABLE_100REL", "true")));

        EffectiveSettings acme = registry.resolve(ACME_CALL);
        assertEquals(value("prepaid-retail", SipKey.SESSION_UPDATE_SEGMENT),
                acme.settings().text(SipKey.SESSION_UPDATE_SEGMENT), "tenant preset over global explicit");
        assertEquals("tenant acme preset prepaid-retail", acme.source(SipKey.SESSION_UPDATE_SEGMENT).toString());
        assertTrue(acme.settings().reliableProvisionals(), "tenant explicit over tenant preset");
        assertEquals("tenant acme", acme.source(SipKey.ENABLE_100REL).toString());
        assertEquals("0.5,1,2,4,8,8,8,8,8,8", acme.settings().text(SipKey.RESEND_INTERVAL));
        assertEquals("global preset unstable-networks", acme.source(SipKey.RESEND_INTERVAL).toString());
        assertEquals(ValueSource.GLOBAL, acme.source(SipKey.SEND_RETRY));

        assertEquals("3", registry.global().settings().text(SipKey.SESSION_UPDATE_SEGMENT));
    }

    @Test
    void anUnknownPresetIsRefusedAndTheLastGoodSettingsStay() {
        assertTrue(registry.updateGlobal(Dictionaries.of("tenant.profile", "wholesale-termination")));
        EffectiveSettings good = registry.global();

        assertFalse(registry.updateGlobal(Dictionaries.of("tenant.profile", "wholesale")));

        assertEquals(good, registry.global());
        ConfigurationRejection rejection = registry.lastRejection().orElseThrow();
        assertEquals("io.sipsm.sip", rejection.pid());
        assertEquals("tenant.profile", rejection.key());
        assertEquals("wholesale", rejection.value());
        assertTrue(rejection.reason().startsWith("unknown preset 'wholesale'; operation types: "),
                rejection.reason());
    }

    @Test
    void aBadProfileInATenantsFirstConfigurationIsLeftOutAndNamedLikeAnyStoredBadValue() {
        assertTrue(registry.updateTenant(ACME, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "tenant.profile", "call-center,enterprise-pbx", "SS_SIP_SEND_RETRY", "7")));
        EffectiveSettings acme = registry.resolve(ACME_CALL);
        assertEquals(Optional.of("acme"), acme.tenant());
        assertEquals(ValueSource.DEFAULT, acme.source(SipKey.ENABLE_100REL), "no preset applied");
        assertEquals(ValueSource.tenant("acme"), acme.source(SipKey.SEND_RETRY));
        assertEquals("tenant.profile", registry.lastRejection().orElseThrow().key());

        assertFalse(registry.updateTenant(ACME, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "tenant.profile", "residential,fast-failover,standard", "SS_SIP_SEND_RETRY", "7")),
                "an edit that brings a bad profile is refused whole");
        assertEquals(acme, registry.resolve(ACME_CALL));
    }

    @Test
    void anEmptyProfileInATenantFormInheritsLikeAnyEmptyField() {
        assertTrue(registry.updateGlobal(Dictionaries.of("tenant.profile", "call-center")));
        assertTrue(registry.updateTenant(ACME, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "tenant.profile", "")));
        assertEquals("global preset call-center",
                registry.resolve(ACME_CALL).source(SipKey.ENABLE_100REL).toString());
    }

    @Test
    void previewingAnExplicitValueOverAPresetShowsItAsExplicit() {
        assertTrue(registry.updateGlobal(Dictionaries.of("tenant.profile", "fast-failover")));
        EffectiveSettings preview = registry.preview("io.sipsm.sip", SipKey.RESEND_INTERVAL, "1,2,4");
        assertEquals(ValueSource.GLOBAL, preview.source(SipKey.RESEND_INTERVAL));
        assertEquals("global preset fast-failover", registry.global().source(SipKey.RESEND_INTERVAL).toString());
    }

    @Test
    void withoutAProfileNothingChanges() {
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "10")));
        assertEquals(SipSettings.DEFAULTS, registry.global().settings());
        for (SipKey key : SipKey.values()) {
            assertFalse(registry.global().source(key).isPreset(), key.toString());
        }
    }

    private static String value(String preset, SipKey key) {
        return Presets.named(preset).orElseThrow().values().get(key);
    }
}
