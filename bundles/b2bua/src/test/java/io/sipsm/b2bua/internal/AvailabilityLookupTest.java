package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.gateway.GatewayStatus;

class AvailabilityLookupTest {

    private final RoutingSettings settings =
            RoutingSettings.from(TestConfig.defaults().withGateways("10.0.0.1:5060", "[::1]:5070"));
    private final AvailabilityLookup lookup = new AvailabilityLookup();

    @Test
    void withoutTheServiceEveryGatewayIsAvailable() {
        IntPredicate available = lookup.forCall(settings);
        assertTrue(available.test(0));
        assertTrue(available.test(1));
    }

    @Test
    void theServiceIsAskedByHostAndPort() {
        lookup.bind(downOnly("[::1]", 5070));
        IntPredicate available = lookup.forCall(settings);
        assertTrue(available.test(0));
        assertFalse(available.test(1));
    }

    @Test
    void aFailingServiceCountsAsAvailable() {
        lookup.bind(new Stub() {
            @Override
            public boolean isAvailable(String host, int port) {
                throw new IllegalStateException("service unregistered");
            }
        });
        assertTrue(lookup.forCall(settings).test(0));
    }

    @Test
    void greedyRebindKeepsTheReplacement() {
        GatewayAvailability old = downOnly("10.0.0.1", 5060);
        GatewayAvailability replacement = downOnly("[::1]", 5070);
        lookup.bind(old);
        lookup.bind(replacement);
        lookup.unbind(old);
        assertTrue(lookup.forCall(settings).test(0));
        assertFalse(lookup.forCall(settings).test(1));
        lookup.unbind(replacement);
        assertTrue(lookup.forCall(settings).test(1));
    }

    private static GatewayAvailability downOnly(String host, int port) {
        return new Stub() {
            @Override
            public boolean isAvailable(String h, int p) {
                return !(host.equals(h) && port == p);
            }
        };
    }

    private abstract static class Stub implements GatewayAvailability {
        @Override
        public List<GatewayStatus> gateways() {
            return List.of();
        }
    }
}
