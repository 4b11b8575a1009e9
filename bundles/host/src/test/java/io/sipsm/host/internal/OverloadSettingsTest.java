package io.sipsm.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OverloadSettingsTest {

    @Test
    void missingKeysTakeTheDefaults() {
        assertEquals(OverloadSettings.DEFAULTS, OverloadSettings.parse(Map.of("port", "5060")));
    }

    @Test
    void valuesArriveAsTextFromTheShellAndTypedFromConfigurationAdmin() {
        OverloadSettings s = OverloadSettings.parse(Map.of("overload.enabled", "false", "overload.queue.delay.ms", " 50 ",
                "overload.server.transactions", 20L, "overload.retry.after", 30, "overload.keepalive.options", Boolean.FALSE));
        assertFalse(s.enabled());
        assertEquals(50, s.queueDelayMillis());
        assertEquals(90, s.capacityPercent());
        assertEquals(20, s.serverTransactions());
        assertEquals(30, s.retryAfterSeconds());
        assertFalse(s.keepAliveOptions());
    }

    @Test
    void aBadValueIsRefusedNamingKeyValueAndReason() {
        OverloadSettings.InvalidSetting e = assertThrows(OverloadSettings.InvalidSetting.class,
                () -> OverloadSettings.parse(Map.of("overload.server.transactions", "many")));
        assertEquals("overload.server.transactions=many rejected: 'many' is not a whole number", e.getMessage());
        assertThrows(OverloadSettings.InvalidSetting.class, () -> OverloadSettings.parse(Map.of("overload.heap.percent", "101")));
        assertThrows(OverloadSettings.InvalidSetting.class, () -> OverloadSettings.parse(Map.of("overload.retry.after", "0")));
        assertThrows(OverloadSettings.InvalidSetting.class, () -> OverloadSettings.parse(Map.of("overload.queue.delay.ms", -1)));
        assertThrows(OverloadSettings.InvalidSetting.class, () -> OverloadSettings.parse(Map.of("overload.enabled", "yes")));
        assertThrows(OverloadSettings.InvalidSetting.class, () -> OverloadSettings.parse(Map.of("overload.dialogs", 1.5)));
        OverloadSettings.InvalidSetting capacity = assertThrows(OverloadSettings.InvalidSetting.class,
                () -> OverloadSettings.parse(Map.of("overload.capacity.percent", "120")));
        assertEquals("overload.capacity.percent=120 rejected: must be between 0 and 100", capacity.getMessage());
    }
}
