package io.sipsm.metrics.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The Prometheus endpoint (PID {@value #PID}); see {@link EndpointSettings} for the rules. */
@ObjectClassDefinition(
        id = MetricsConfig.PID,
        name = "sipsm metrics endpoint",
        description = "Serves every sipsm figure at http://<address>:<port>/metrics in the Prometheus text format."
                + " An invalid change is refused and logged, and the previous settings stay.")
public @interface MetricsConfig {

    /** The configuration PID. */
    String PID = "io.sipsm.metrics";

    @AttributeDefinition(name = "Enabled", description = "Whether the scrape endpoint listens.")
    boolean enabled() default true;

    @AttributeDefinition(name = "Address",
            description = "IP address of this machine the endpoint binds (no names: nothing is resolved)."
                    + " 127.0.0.1 by default: only a scraper on this machine reaches it; 0.0.0.0 or :: (every"
                    + " interface) is taken with a warning. The figures are not secret, but they tell who calls.")
    String address() default EndpointSettings.DEFAULT_ADDRESS;

    @AttributeDefinition(name = "Port", description = "TCP port, 1-65535; a port in use is refused.",
            min = "1", max = "65535")
    int port() default EndpointSettings.DEFAULT_PORT;
}
