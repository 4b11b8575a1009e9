package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class CallerTrustTest {

    private final CallerTrust trust = new CallerTrust();

    @Test
    void outOfTheBoxOnlyLoopbackMayCall() {
        trust.updateGlobal(null);
        assertTrue(trust.trusts("127.0.0.1", Optional.empty()));
        assertTrue(trust.trusts("127.0.0.2", Optional.empty()));
        assertTrue(trust.trusts("::1", Optional.empty()));
        assertFalse(trust.trusts("192.0.2.7", Optional.empty()));
        assertFalse(trust.trusts("not-an-address", Optional.empty()));
    }

    @Test
    void theGlobalRangesReplaceTheDefault() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "192.0.2.0/24, 127.0.0.2"));
        assertTrue(trust.trusts("192.0.2.7", Optional.empty()));
        assertTrue(trust.trusts("127.0.0.2", Optional.empty()));
        assertFalse(trust.trusts("127.0.0.1", Optional.empty()));
        trust.updateGlobal(Dictionaries.of("SS_SIP_SEND_RETRY", "5"));
        assertEquals(CallerTrust.DEFAULT, trust.global(), "a PID without the key trusts loopback again");
    }

    @Test
    void aBadRangeKeepsTheLastGoodOnes() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "192.0.2.0/24"));
        trust.updateGlobal(Dictionaries.of("trusted.sources", "192.0.2.0/24,gw.example.net"));
        assertTrue(trust.trusts("192.0.2.7", Optional.empty()));
        assertFalse(trust.trusts("127.0.0.1", Optional.empty()));
    }

    @Test
    void aTenantsRangesApplyToItsCallsAndAnEmptyValueInherits() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        String pid = "io.sipsm.sip.tenant~acme";
        trust.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com", "trusted.sources",
                "198.51.100.0/24"));
        assertTrue(trust.trusts("198.51.100.9", Optional.of("acme")));
        assertFalse(trust.trusts("127.0.0.2", Optional.of("acme")));
        assertFalse(trust.trusts("198.51.100.9", Optional.empty()));

        trust.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com", "trusted.sources", ""));
        assertTrue(trust.trusts("127.0.0.2", Optional.of("acme")));
        trust.updateTenant(pid, Dictionaries.of("tenant.selector", "domain:acme.example.com", "trusted.sources",
                "198.51.100.0/24"));
        trust.removeTenant(pid);
        assertFalse(trust.trusts("198.51.100.9", Optional.of("acme")));
    }

    @Test
    void everyoneMustBeSaidExplicitly() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "0.0.0.0/0,::/0"));
        assertTrue(trust.trusts("203.0.113.5", Optional.empty()));
        assertTrue(trust.trusts("2001:db8::1", Optional.empty()));
    }
}
