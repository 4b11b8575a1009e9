package io.sipsm.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

class EndpointSettingsTest {

    @Test
    void byDefaultOnlyThisMachineReachesTheEndpoint() {
        EndpointSettings.Reading reading = EndpointSettings.read(Map.of(), EndpointSettings.DEFAULTS);
        assertEquals(new EndpointSettings(true, "127.0.0.1", 9760), reading.settings());
        assertTrue(reading.refusals().isEmpty());
    }

    @Test
    void goodValuesAreTaken() {
        EndpointSettings.Reading reading = EndpointSettings.read(
                Map.of("address", "::1", "port", "9100", "enabled", "false"), EndpointSettings.DEFAULTS);
        assertEquals(new EndpointSettings(false, "::1", 9100), reading.settings());
        assertTrue(reading.refusals().isEmpty());
    }

    @Test
    void eachBadValueIsRefusedWithItsKeyAndKeepsThePreviousValue() {
        EndpointSettings previous = new EndpointSettings(true, "127.0.0.2", 9200);
        EndpointSettings.Reading reading = EndpointSettings.read(
                Map.of("address", "metrics.example.com", "port", "70000", "enabled", "yes"), previous);
        assertEquals(previous, reading.settings());
        assertEquals("address=metrics.example.com rejected: must be an IP address (names are not resolved)",
                reading.refusals().get(1).toString());
        assertEquals("port=70000 rejected: must be between 1 and 65535", reading.refusals().get(2).toString());
        assertEquals("enabled=yes rejected: must be true or false", reading.refusals().get(0).toString());
        assertEquals("port=abc rejected: not a number",
                EndpointSettings.read(Map.of("port", "abc"), previous).refusals().get(0).toString());
        assertEquals("address=300.1.1.1 rejected: must be an IP address (names are not resolved)",
                EndpointSettings.read(Map.of("address", "300.1.1.1"), previous).refusals().get(0).toString());
    }

    @Test
    void everyInterfaceIsTakenWithAWarning() {
        EndpointSettings.Reading reading = EndpointSettings.read(Map.of("address", "0.0.0.0"), EndpointSettings.DEFAULTS);
        assertEquals("0.0.0.0", reading.settings().address());
        assertEquals(1, reading.warnings().size());
    }
}
