package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;

class SettingsRegistryPreviewTest {

    private final SettingsRegistry registry = new SettingsRegistry(Clock.systemUTC(), settings -> { });

    @Test
    void previewShowsTheValueInPlaceAndAppliesNothing() {
        EffectiveSettings preview = registry.preview(SipConfiguration.GLOBAL_PID, SipKey.TIMEOUT_RINGING, "60");
        assertEquals(Duration.ofSeconds(60), preview.settings().ringingTimeout());
        assertEquals(Duration.ofSeconds(120), registry.global().settings().ringingTimeout());
        assertTrue(registry.lastRejection().isEmpty());
    }

    @Test
    void previewOfABadValueSaysWhyAndRecordsNoRejection() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> registry.preview(SipConfiguration.GLOBAL_PID, SipKey.SEND_RETRY, "11"));
        assertTrue(refused.getMessage().startsWith("SS_SIP_SEND_RETRY=11 rejected: "), refused.getMessage());
        assertTrue(registry.lastRejection().isEmpty());
    }

    @Test
    void previewOfATenantValueLayersItOverTheGlobalOnes() {
        Hashtable<String, Object> tenant = new Hashtable<>();
        tenant.put(SipConfiguration.TENANT_SELECTOR, "domain:acme.example.com");
        assertTrue(registry.updateTenant("io.sipsm.sip.tenant~acme", tenant));
        EffectiveSettings preview = registry.preview("io.sipsm.sip.tenant~acme", SipKey.TIMEOUT_RINGING, "30");
        assertEquals(Duration.ofSeconds(30), preview.settings().ringingTimeout());
        assertThrows(IllegalArgumentException.class,
                () -> registry.preview("io.sipsm.sip.tenant~nobody", SipKey.TIMEOUT_RINGING, "30"));
    }
}
