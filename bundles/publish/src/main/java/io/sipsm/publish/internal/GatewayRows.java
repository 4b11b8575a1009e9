package io.sipsm.publish.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.sipsm.gateway.GatewayStatus;

/** The rows of {@code sipsm:gateways}: what an operator reads, ages and lifetimes relative to now. */
final class GatewayRows {

    static final List<String> HEADERS = List.of("Gateway", "State", "Calls", "Published", "Expiry", "Tenant");

    private GatewayRows() {
    }

    static List<List<String>> rows(List<GatewayStatus> gateways, Instant now) {
        return gateways.stream().map(g -> row(g, now)).toList();
    }

    private static List<String> row(GatewayStatus gateway, Instant now) {
        String address = gateway.host().indexOf(':') >= 0 ? "[" + gateway.host() + "]" : gateway.host();
        return List.of(
                address + ":" + gateway.port(),
                gateway.state().name().toLowerCase(java.util.Locale.ROOT),
                gateway.available() ? "yes" : "skipped",
                ago(Duration.between(gateway.lastPublished(), now)),
                expiry(gateway, now),
                gateway.tenant() == null ? "(global)" : gateway.tenant());
    }

    private static String expiry(GatewayStatus gateway, Instant now) {
        return switch (gateway.state()) {
            case PUBLISHED -> "in " + span(Duration.between(now, gateway.expires()));
            case EXPIRED -> "expired " + ago(Duration.between(gateway.expires(), now));
            case WITHDRAWN -> "withdrawn " + ago(Duration.between(gateway.expires(), now));
        };
    }

    private static String ago(Duration duration) {
        return span(duration) + " ago";
    }

    /** {@code 42s}, {@code 3m05s}, {@code 2h07m}, {@code 3d04h}; never negative (clock skew reads as 0s). */
    static String span(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        if (seconds < 60) {
            return seconds + "s";
        }
        if (seconds < 3600) {
            return String.format("%dm%02ds", seconds / 60, seconds % 60);
        }
        if (seconds < 86_400) {
            return String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60);
        }
        return String.format("%dd%02dh", seconds / 86_400, seconds % 86_400 / 3600);
    }
}
