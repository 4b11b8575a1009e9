package io.sipsm.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class HealthQueryTest {

    @Test
    void tagsAndFormatFromTheQueryOrTheAcceptHeader() {
        assertEquals(new HealthQuery(List.of(), false), HealthQuery.parse(null, null));
        assertEquals(new HealthQuery(List.of("systemready", "systemalive"), true),
                HealthQuery.parse("tags=systemready,%20systemalive&format=json", null));
        assertEquals(new HealthQuery(List.of("systemalive"), true),
                HealthQuery.parse("tags=systemalive", "application/json, text/plain"));
        assertEquals(new HealthQuery(List.of(), false), HealthQuery.parse("format=text&tags=", "application/json"));
    }
}
