package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @Test
    void ipv6FormsMeet() {
        assertEquals(GatewayAddress.of("[::1]", 5060), GatewayAddress.of("0:0:0:0:0:0:0:1", 5060));
        assertEquals("[0:0:0:0:0:0:0:1]:5060", GatewayAddress.of("::1", 5060).toString());
    }

    @Test
    void namesAreLowerCasedNotResolved() {
        assertEquals("gw.example.net", GatewayAddress.of("GW.Example.NET", 5060).host());
        assertEquals("localhost", GatewayAddress.of("localhost", 5060).host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "host:5060", "[::1", "::g", "example.com"})
    void notLiterals(String text) {
        assertTrue(IpLiterals.parse(text).isEmpty());
    }

    @Test
    void invalidGateway() {
        assertThrows(IllegalArgumentException.class, () -> GatewayAddress.of(" ", 5060));
        assertThrows(IllegalArgumentException.class, () -> GatewayAddress.of("192.0.2.1", 0));
    }

    @Test
    void singleAddressRange() {
        SourceRange range = SourceRange.parse("192.0.2.10");
        assertTrue(range.contains("192.0.2.10"));
        assertFalse(range.contains("192.0.2.11"));
    }

    @Test
    void cidrRanges() {
        SourceRange range = SourceRange.parse(" 198.51.100.0/23 ");
        assertTrue(range.contains("198.51.100.1"));
        assertTrue(range.contains("198.51.101.255"));
        assertFalse(range.contains("198.51.102.0"));
        assertFalse(range.contains("::1"));
        assertTrue(SourceRange.parse("0.0.0.0/0").contains("203.0.113.9"));
        assertTrue(SourceRange.parse("2001:db8::/32").contains("2001:db8:ffff::1"));
        assertFalse(SourceRange.parse("2001:db8::/33").contains("2001:db8:ffff::1"));
    }

    @Test
    void namesAndGarbageAreOutside() {
        assertFalse(SourceRange.parse("0.0.0.0/0").contains("localhost"));
        assertFalse(SourceRange.parse("0.0.0.0/0").contains(""));
        assertFalse(SourceRange.parse("0.0.0.0/0").contains(null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "example.com", "192.0.2.0/33", "192.0.2.0/-1", "192.0.2.0/x", "::1/129"})
    void invalidRanges(String text) {
        assertThrows(IllegalArgumentException.class, () -> SourceRange.parse(text));
    }
}
