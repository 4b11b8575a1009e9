package io.sipsm.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

    @ParameterizedTest
    @ValueSource(strings = {"256.1.1.1", "1.2.3", "host:5060", "[::1", "::g", "example.com"})
    void notLiterals(String text) {
        assertTrue(IpLiteral.parse(text).isEmpty());
    }

    @Test
    void literalsInTheirForms() {
        assertEquals(IpLiteral.parse("::1"), IpLiteral.parse("[0:0:0:0:0:0:0:1]"));
        assertEquals("192.0.2.1", IpLiteral.parse(" 192.0.2.1 ").orElseThrow().getHostAddress());
    }
}
