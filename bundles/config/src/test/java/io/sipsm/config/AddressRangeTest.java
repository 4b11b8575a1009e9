package io.sipsm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressRangeTest {

    private static AddressRange range(String text) {
        return AddressRange.parse(text).orElseThrow();
    }

    @Test
    void ipv4RangeContainsItsAddressesOnly() {
        AddressRange range = range(" 198.51.100.0/23 ");
        assertTrue(range.contains("198.51.100.1"));
        assertTrue(range.contains("198.51.101.255"));
        assertFalse(range.contains("198.51.102.0"));
        assertFalse(range.contains("::1"));
        assertFalse(range.contains(null));
        assertFalse(range.contains(""));
        assertFalse(range.contains("gateway.example.com"));
    }

    @Test
    void hostBitsAreMaskedAndOneAddressIsAFullPrefix() {
        assertEquals("10.0.0.0/8", range("10.1.2.3/8").toString());
        AddressRange host = range("198.51.100.9");
        assertEquals("198.51.100.9/32", host.toString());
        assertTrue(host.contains("198.51.100.9"));
        assertFalse(host.contains("198.51.100.10"));
        assertEquals(range("198.51.100.9/32"), host);
    }

    @Test
    void zeroPrefixIsEveryAddressOfItsFamilyOnly() {
        AddressRange all = range("0.0.0.0/0");
        assertTrue(all.isEverything());
        assertTrue(all.contains("203.0.113.1"));
        assertFalse(all.contains("2001:db8::1"));
        assertFalse(all.contains("localhost"));
        assertFalse(range("10.0.0.0/8").isEverything());
    }

    @Test
    void ipv6RangesAndBracketedAddresses() {
        AddressRange range = range("2001:db8::/32");
        assertTrue(range.contains("2001:db8:ffff::1"));
        assertTrue(range.contains("[2001:db8::1]"));
        assertFalse(range.contains("2001:db9::1"));
        assertFalse(range.contains("192.0.2.1"));
        assertFalse(range("2001:db8::/33").contains("2001:db8:ffff::1"));
        assertEquals("0:0:0:0:0:0:0:1/128", range("::1").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.0.0.0/33", "10.0.0.256", "10.0.0/8", "gateway.example.com", "10.0.0.0/x",
        "2001:db8::/129", "2001:zz8::/32", "localhost", "10.0.0.0/-1", ":", "::1/129"})
    void nonLiteralsAndBadPrefixesAreRefused(String text) {
        assertEquals(Optional.empty(), AddressRange.parse(text));
    }
}
