package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Gateway addresses as PUBLISH keys them; address ranges are the configuration API's (AddressRangeTest). */
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

    @Test
    void invalidGateway() {
        assertThrows(IllegalArgumentException.class, () -> GatewayAddress.of(" ", 5060));
        assertThrows(IllegalArgumentException.class, () -> GatewayAddress.of("192.0.2.1", 0));
    }
}
