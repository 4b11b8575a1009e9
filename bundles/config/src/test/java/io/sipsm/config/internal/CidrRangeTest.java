package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrRangeTest {

    @Test
    void ipv4RangeContainsItsAddressesOnly() {
        CidrRange range = CidrRange.parse("192.0.2.0/24").orElseThrow();
        assertTrue(range.contains("192.0.2.7"));
        assertTrue(range.contains("192.0.2.255"));
        assertFalse(range.contains("192.0.3.1"));
        assertFalse(range.contains(null));
        assertFalse(range.contains("gateway.example.com"));
    }

    @Test
    void hostBitsAreMaskedAndOneAddressIsAFullPrefix() {
        assertEquals("10.0.0.0/8", CidrRange.parse("10.1.2.3/8").orElseThrow().toString());
        CidrRange host = CidrRange.parse("198.51.100.9").orElseThrow();
        assertEquals(32, host.prefixLength());
        assertTrue(host.contains("198.51.100.9"));
        assertFalse(host.contains("198.51.100.10"));
    }

    @Test
    void zeroPrefixMatchesEveryIpv4AddressButNoIpv6() {
        CidrRange all = CidrRange.parse("0.0.0.0/0").orElseThrow();
        assertTrue(all.contains("203.0.113.1"));
        assertFalse(all.contains("2001:db8::1"));
    }

    @Test
    void ipv6RangesAndBracketedAddresses() {
        CidrRange range = CidrRange.parse("2001:db8::/32").orElseThrow();
        assertTrue(range.contains("2001:db8:1::7"));
        assertTrue(range.contains("[2001:db8::1]"));
        assertFalse(range.contains("2001:db9::1"));
        assertFalse(range.contains("192.0.2.1"));
        assertEquals(128, CidrRange.parse("::1").orElseThrow().prefixLength());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0.256", "10.0.0/8", "gateway.example.com", "10.0.0.0/x",
        "2001:db8::/129", "2001:zz8::/32", "localhost", "10.0.0.0/-1", ":"})
    void nonLiteralsAndBadPrefixesAreRefused(String text) {
        assertEquals(Optional.empty(), CidrRange.parse(text));
    }
}
