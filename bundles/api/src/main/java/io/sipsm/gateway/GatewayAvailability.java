package io.sipsm.gateway;

import java.util.List;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Whether gateways are available for new calls. A gateway that keeps a publication in force is available; one
 * whose publication expired or was withdrawn is not, until it publishes again. A gateway the service never
 * heard from is available: the service only ever takes gateways out of routing on evidence.
 *
 * <p>Gateways are identified by address and port as a routing application configures them. Addresses are
 * compared as IP addresses ({@code 10.0.0.1}, {@code ::1} or {@code [::1]}); a host name is never resolved,
 * so a gateway configured by name is matched by that name only.
 *
 * <p>Calls are cheap and non-blocking, safe from SIP threads.
 */
@ProviderType
public interface GatewayAvailability {

    /**
     * True when a new call may be sent to the gateway.
     *
     * @param host the gateway's address or host name, IPv6 with or without brackets
     * @param port the gateway's SIP port
     */
    boolean isAvailable(String host, int port);

    /** Every gateway the service has heard from, by address and port, with its state now. */
    List<GatewayStatus> gateways();
}
