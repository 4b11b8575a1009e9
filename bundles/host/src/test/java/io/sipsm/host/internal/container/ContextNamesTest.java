package io.sipsm.host.internal.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;

import org.junit.jupiter.api.Test;

class ContextNamesTest {

    @Test
    void theFirstVersionTakesTheApplicationsNameTheNextTheFirstFreeSlot() {
        assertEquals("b2bua", ContextNames.free("b2bua", Set.of()::contains));
        assertEquals("b2bua~2", ContextNames.free("b2bua", Set.of("b2bua")::contains));
        assertEquals("b2bua~3", ContextNames.free("b2bua", Set.of("b2bua", "b2bua~2")::contains));
        // Once the first version is gone, its name is free again.
        assertEquals("b2bua", ContextNames.free("b2bua", Set.of("b2bua~2")::contains));
    }

    @Test
    void mapsAContextToItsApplicationAndForgetsItWhenUndeployed() {
        ContextNames.INSTANCE.add("echo~2", "echo");
        assertEquals("echo", ContextNames.INSTANCE.application("echo~2"));
        ContextNames.INSTANCE.remove("echo~2");
        assertEquals("echo~2", ContextNames.INSTANCE.application("echo~2"));
        assertEquals("other", ContextNames.INSTANCE.application("other"));
    }
}
