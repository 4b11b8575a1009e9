package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class CallSetupTest {

    @Test
    void aPlainUserStaysAsItIs() {
        assertEquals("+13035551111;npdi", CallSetup.escapeUser("+13035551111;npdi"));
    }

    @Test
    void charactersOutsideTheUserGrammarAreEscaped() {
        assertEquals("sips%3Auser%40example.com", CallSetup.escapeUser("sips:user@example.com"));
        assertEquals("%25%20%C3%A9", CallSetup.escapeUser("% \u00e9"));
    }

    @Test
    void noUserStaysNone() {
        assertNull(CallSetup.escapeUser(null));
    }
}
