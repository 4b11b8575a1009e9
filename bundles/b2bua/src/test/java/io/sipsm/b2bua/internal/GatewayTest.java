package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayTest {

    @Test
    void hostAndPort() {
        Gateway gateway = Gateway.parse(" 10.0.0.1:5070 ");
        assertEquals(new Gateway("10.0.0.1", 5070, null), gateway);
        assertNull(gateway.transport());
        assertEquals("10.0.0.1:5070", gateway.toString());
    }

    @Test
    void portDefaultsTo5060() {
        assertEquals(new Gateway("gw.example.net", 5060, null), Gateway.parse("gw.example.net"));
    }

    @Test
    void transportIsLowerCased() {
        Gateway gateway = Gateway.parse("gw.example.net:5061;Transport=TCP");
        assertEquals("tcp", gateway.transport());
        assertEquals("gw.example.net:5061;transport=tcp", gateway.toString());
    }

    @Test
    void bracketedIpv6() {
        assertEquals(new Gateway("[2001:db8::1]", 5080, "udp"), Gateway.parse("[2001:db8::1]:5080;transport=udp"));
        assertEquals(new Gateway("[::1]", 5060, null), Gateway.parse("[::1]"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ":5060", "host:0", "host:65536", "host:port", "2001:db8::1", "[::1", "[::1]x",
        "host:5060;transport=ws", "host:5060;lr", "bad host:5060"})
    void rejectsMalformed(String text) {
        assertThrows(IllegalArgumentException.class, () -> Gateway.parse(text));
    }

    @Test
    void reasonNamesTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gateway.parse("h:99999"));
        assertEquals("port must be a number from 1 to 65535", e.getMessage());
    }
}
