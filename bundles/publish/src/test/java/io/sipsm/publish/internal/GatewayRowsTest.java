package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.gateway.GatewayStatus;
import io.sipsm.gateway.GatewayStatus.State;

class GatewayRowsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");

    @Test
    void rowsSayWhetherRoutingUsesTheGatewayAndWhen() {
        List<GatewayStatus> gateways = List.of(
                new GatewayStatus("192.0.2.10", 5060, State.PUBLISHED, NOW.minusSeconds(75), NOW.plusSeconds(3525), null),
                new GatewayStatus("0:0:0:0:0:0:0:1", 5070, State.EXPIRED, NOW.minusSeconds(4000), NOW.minusSeconds(400),
                        "acme"),
                new GatewayStatus("192.0.2.12", 5060, State.WITHDRAWN, NOW.minusSeconds(90_000), NOW.minusSeconds(5),
                        null));
        assertEquals(List.of(
                List.of("192.0.2.10:5060", "published", "yes", "1m15s ago", "in 58m45s", "(global)"),
                List.of("[0:0:0:0:0:0:0:1]:5070", "expired", "skipped", "1h06m ago", "expired 6m40s ago", "acme"),
                List.of("192.0.2.12:5060", "withdrawn", "skipped", "1d01h ago", "withdrawn 5s ago", "(global)")),
                GatewayRows.rows(gateways, NOW));
    }

    @Test
    void spans() {
        assertEquals("0s", GatewayRows.span(Duration.ofSeconds(-3)));
        assertEquals("59s", GatewayRows.span(Duration.ofSeconds(59)));
        assertEquals("1h00m", GatewayRows.span(Duration.ofHours(1)));
    }
}
