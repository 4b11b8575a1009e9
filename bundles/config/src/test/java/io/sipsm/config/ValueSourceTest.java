package io.sipsm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ValueSourceTest {

    @Test
    void saysTheLayerAndThePresetOfItsProfile() {
        assertEquals("default", ValueSource.DEFAULT.toString());
        assertEquals("global", ValueSource.GLOBAL.toString());
        assertEquals("tenant acme", ValueSource.tenant("acme").toString());
        assertEquals("global preset call-center", ValueSource.GLOBAL.fromPreset("call-center").toString());
        assertEquals("tenant acme preset standard", ValueSource.tenant("acme").fromPreset("standard").toString());
        assertTrue(ValueSource.GLOBAL.fromPreset("standard").isPreset());
        assertFalse(ValueSource.GLOBAL.isPreset());
    }

    @Test
    void theDefaultComesFromNoPreset() {
        assertThrows(IllegalArgumentException.class, () -> ValueSource.DEFAULT.fromPreset("standard"));
    }
}
