/**
 * The health checks of the platform, as Apache Felix Health Checks ({@code org.apache.felix.hc.api.HealthCheck}
 * services with the tags {@code systemalive} and {@code systemready}): the host, the configuration, overload and
 * cluster membership. Each check reads the state the platform itself acts on, through the host SPI and the
 * settings API, never a second computation of it; {@link io.sipsm.health.internal.Health} runs them for the HTTP
 * endpoint and {@code sipsm:health}. Not exported.
 */
package io.sipsm.health.internal;
