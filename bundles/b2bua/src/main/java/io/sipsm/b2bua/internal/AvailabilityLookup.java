package io.sipsm.b2bua.internal;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.gateway.GatewayAvailability;

/**
 * The optional {@link GatewayAvailability} service as the B2BUA sees it: when none is registered, or it fails,
 * every gateway is available, so routing never depends on the availability bundle being installed or healthy.
 */
final class AvailabilityLookup {

    private static final Logger LOG = LoggerFactory.getLogger(AvailabilityLookup.class);

    private final AtomicReference<GatewayAvailability> service = new AtomicReference<>();

    void bind(GatewayAvailability availability) {
        service.set(availability);
    }

    /** Clears the service unless a replacement was bound first (greedy rebinding binds before it unbinds). */
    void unbind(GatewayAvailability availability) {
        service.compareAndSet(availability, null);
    }

    /** Whether the gateway at an index of {@code settings} takes new calls, asked when the call gets there. */
    IntPredicate forCall(RoutingSettings settings) {
        return index -> isAvailable(settings.gateways().get(index));
    }

    boolean isAvailable(Gateway gateway) {
        GatewayAvailability availability = service.get();
        if (availability == null) {
            return true;
        }
        try {
            return availability.isAvailable(gateway.host(), gateway.port());
        } catch (RuntimeException e) {
            // A service going away under us; routing must not fail for it.
            LOG.debug("Gateway availability of {} unknown ({}); taking it as available", gateway, e.toString());
            return true;
        }
    }
}
