package io.sipsm.host.internal.valves;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConnectionReuseValveTest {

    /** The valve reaches protected members of the stack: an upgrade that renames them must fail here. */
    @Test
    void theEmbeddedStackHasWhatTheValveFilesAConnectionWith() {
        assertTrue(ConnectionReuseValve.available());
    }
}
