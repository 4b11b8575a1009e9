package io.sipsm.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration of the SIP-servlet host, PID {@value SipHost#PID}. */
@ObjectClassDefinition(name = "sipsm SIP host",
        description = "The Restcomm SIP Servlets container running inside Karaf: where it listens and how it routes.")
public @interface HostConfig {

    @AttributeDefinition(name = "Listening address",
            description = "IP address the SIP connector binds. Changing it rebinds the connector; calls in progress on the old address are lost.")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "Listening port", min = "1", max = "65535",
            description = "SIP port of the connector. Changing it rebinds the connector without restarting the container.")
    int port() default 5060;

    @AttributeDefinition(name = "Transport", description = "SIP transport of the connector.",
            options = {@Option(label = "UDP", value = "udp"), @Option(label = "TCP", value = "tcp")})
    String transport() default "udp";

    @AttributeDefinition(name = "Routing order",
            description = "SIP application names in the order the application router offers them initial requests. "
                    + "Deployed applications not named here follow in the order they were deployed.")
    String[] routing_order() default {};

    @AttributeDefinition(name = "SIP stack threads", min = "1", max = "256",
            description = "Threads delivering SIP events to the container (jain-sip THREAD_POOL_SIZE, reentrant listener). "
                    + "Takes effect when the container restarts.")
    int stack_threads() default 8;
}
