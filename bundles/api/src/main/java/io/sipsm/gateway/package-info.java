/**
 * Gateway availability: whether a gateway that a routing application may send calls to is currently
 * available, as learnt from the gateway's own event-state publications (SIP PUBLISH, RFC 3903).
 *
 * <ul>
 * <li>{@link io.sipsm.gateway.GatewayAvailability} is the service a routing application consults before it
 * sends a call to a gateway; its absence means every gateway is available.</li>
 * <li>{@link io.sipsm.gateway.GatewayStatus} is one gateway as the service knows it, for shell commands and
 * monitoring.</li>
 * </ul>
 */
@Export
@Version("1.0.0")
package io.sipsm.gateway;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
