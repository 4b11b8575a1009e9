package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.ConfigurationRejection;
import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SipSettings;

class SettingsRegistryTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final NewCall ACME_CALL = new NewCall("acme.example.com", "192.0.2.7", "b2bua");

    private final List<EffectiveSettings> globalChanges = new ArrayList<>();
    private final SettingsRegistry registry = new SettingsRegistry(Clock.fixed(NOW, ZoneOffset.UTC),
            globalChanges::add);

    @Test
    void startsOnTheDefaults() {
        assertEquals(SipSettings.DEFAULTS, registry.global().settings());
        assertEquals(Optional.empty(), registry.lastRejection());
    }

    @Test
    void acceptedGlobalEditTakesEffectAndIsAnnounced() {
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "1,2,4")));
        assertEquals(1000, registry.global().resend().t1Millis());
        assertEquals(1, globalChanges.size());
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_RESEND_INTERVAL", "1,2,4")));
        assertEquals(1, globalChanges.size(), "an edit that changes nothing is not announced");
    }

    @Test
    void badGlobalEditKeepsTheLastGoodConfigurationAndIsRecorded() {
        registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "5"));
        EffectiveSettings good = registry.global();

        assertFalse(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "6", "SS_SIP_RESEND_INTERVAL",
                "0.5,abc")));

        assertEquals(good, registry.global());
        assertEquals(Optional.of(new ConfigurationRejection("io.sipsm.sip", "SS_SIP_RESEND_INTERVAL", "0.5,abc",
                "value 2 'abc' is not a number of seconds", NOW)), registry.lastRejection());
        assertEquals("io.sipsm.sip: SS_SIP_RESEND_INTERVAL=0.5,abc rejected: value 2 'abc' is not a number of"
                + " seconds", registry.lastRejection().orElseThrow().toString());
        assertEquals(1, globalChanges.size());
    }

    @Test
    void deletedGlobalConfigurationFallsBackToTheDefaults() {
        registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "5"));
        assertTrue(registry.updateGlobal(null));
        assertEquals(SipSettings.DEFAULTS, registry.global().settings());
    }

    @Test
    void badTenantEditKeepsThatTenantsPreviousValues() {
        String pid = "io.sipsm.sip.tenant~acme";
        assertTrue(registry.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "SS_SIP_TIMEOUT_INVITE", "30")));
        assertFalse(registry.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "SS_SIP_TIMEOUT_INVITE", "3000")));
        assertEquals(30, registry.resolve(ACME_CALL).settings().inviteTimeout().toSeconds());
        assertEquals(pid, registry.lastRejection().orElseThrow().pid());
        assertTrue(globalChanges.isEmpty(), "tenant edits leave the host's timers alone");
    }

    @Test
    void newTenantWithUnknownSelectorNeverAppears() {
        assertFalse(registry.updateTenant("io.sipsm.sip.tenant~x", Dictionaries.of("tenant.selector", "trunk:7")));
        assertEquals(List.of(), registry.tenants());
        assertEquals("tenant.selector", registry.lastRejection().orElseThrow().key());
    }

    @Test
    void removedTenantNoLongerApplies() {
        registry.updateTenant("io.sipsm.sip.tenant~acme", Dictionaries.of("tenant.selector", "application:b2bua"));
        assertEquals(Optional.of("acme"), registry.resolve(ACME_CALL).tenant());
        registry.removeTenant("io.sipsm.sip.tenant~acme");
        assertEquals(Optional.empty(), registry.resolve(ACME_CALL).tenant());
    }

    @Test
    void aRefusedValueLeftStoredDoesNotBlockLaterEditsOfOtherKeys() {
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "5")));
        assertFalse(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "11")));
        assertEquals(5, registry.global().settings().sendRetry());

        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "11", "SS_SIP_TIMEOUT_RINGING", "60")),
                "the stored bad value was refused already; the new key applies");
        assertEquals(5, registry.global().settings().sendRetry(), "the refused key keeps its last good value");
        assertEquals(java.time.Duration.ofSeconds(60), registry.global().settings().ringingTimeout());
        assertEquals("11", registry.lastRejection().orElseThrow().value(), "the shell still shows the refused value");

        assertFalse(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "11", "SS_SIP_TIMEOUT_RINGING", "0")),
                "a bad value the edit brings still refuses the edit");
        assertEquals(java.time.Duration.ofSeconds(60), registry.global().settings().ringingTimeout());
    }

    /** Issue 24: the health check's "last edit accepted": a refusal stands until its configuration is in force. */
    @Test
    void aRefusalStandsUntilItsConfigurationIsInForceAgain() {
        String tenant = "io.sipsm.sip.tenant~acme";
        assertTrue(registry.updateTenant(tenant, Dictionaries.of("tenant.selector", "domain:acme.example.com")));
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "5")));
        assertEquals(List.of(), registry.standingRejections());
        assertFalse(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "11")));
        assertFalse(registry.updateTenant(tenant, Dictionaries.of("tenant.selector", "trunk:7")));
        assertEquals(List.of("io.sipsm.sip", tenant),
                registry.standingRejections().stream().map(ConfigurationRejection::pid).toList());

        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "11", "SS_SIP_TIMEOUT_RINGING", "60")));
        assertEquals(List.of("io.sipsm.sip", tenant),
                registry.standingRejections().stream().map(ConfigurationRejection::pid).toList(),
                "the refused value is still stored: the global configuration is not what Config Admin shows");
        assertTrue(registry.updateGlobal(Dictionaries.of("SS_SIP_TIMEOUT_RINGING", "60")));
        registry.removeTenant(tenant);
        assertEquals(List.of(), registry.standingRejections());
        assertEquals("SS_SIP_SEND_RETRY", registry.lastRejection().orElseThrow().key(), "the history stays");
    }

    @Test
    void atFirstSightABadStoredValueDoesNotHideTheGoodOnes() {
        String pid = "io.sipsm.sip.tenant~acme";
        assertTrue(registry.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com",
                "SS_SIP_TIMEOUT_RINGING", "30", "SS_SIP_SEND_RETRY", "many")));
        assertEquals(List.of(pid), registry.standingRejections().stream().map(ConfigurationRejection::pid).toList(),
                "taken key by key, but not all in force");
        assertEquals(java.time.Duration.ofSeconds(30), registry.resolve(ACME_CALL).settings().ringingTimeout());
        assertEquals(SipSettings.DEFAULTS.sendRetry(), registry.resolve(ACME_CALL).settings().sendRetry());
    }
}
