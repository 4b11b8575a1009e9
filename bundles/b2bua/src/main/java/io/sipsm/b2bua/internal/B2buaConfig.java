package io.sipsm.b2bua.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the routing B2BUA (PID {@value #PID}); changes apply to calls that start afterwards. */
@ObjectClassDefinition(
        id = B2buaConfig.PID,
        name = "sipsm routing B2BUA",
        description = "Relays each incoming INVITE to an ordered list of gateways and tries the next gateway"
                + " when one fails. Changes apply to new calls; calls in progress keep the settings they started"
                + " with. An invalid change is rejected and logged, and the previous settings stay.")
public @interface B2buaConfig {

    /** The configuration PID. */
    String PID = "io.sipsm.b2bua";

    @AttributeDefinition(
            name = "Gateways",
            description = "Ordered list of gateways, each host:port or host:port;transport=udp (udp, tcp, tls or"
                    + " sctp); IPv6 addresses in brackets; the port defaults to 5060. A call goes to the first"
                    + " gateway and, on failover, to the next one. Commas also separate entries. When a"
                    + " gateway availability service is installed (feature sipsm-publish), gateways it reports"
                    + " unavailable (their PUBLISH expired or was withdrawn) are skipped; when every gateway is"
                    + " unavailable, the call still tries them all in this order rather than failing at once."
                    + " Availability is matched by IP address and port: give gateways as addresses for it to"
                    + " apply.")
    String[] gateways() default {"127.0.0.1:5070"};

    @AttributeDefinition(
            name = "Failover statuses",
            description = "Final responses to the INVITE that make the call try the next gateway: comma-separated"
                    + " codes and ranges from 300 to 699. A gateway that does not answer at all counts as 408"
                    + " (the container's transaction timeout). The default leaves out 4xx other than 408,"
                    + " which describe the call rather than the gateway, and 603 Decline, the called party's own"
                    + " refusal. Empty: never fail over.")
    String failover_statuses() default "408,500-599,600-602,604-699";

    @AttributeDefinition(
            name = "Strip leading characters",
            description = "How many leading characters to remove from the user part of the caller's request URI"
                    + " before it is sent to a gateway (for example 1 to drop an access code); 0 keeps it whole.",
            min = "0")
    int user_strip() default 0;

    @AttributeDefinition(
            name = "User prefix",
            description = "Text put in front of the user part (after stripping), for example a gateway's technical"
                    + " prefix; empty for none. The request URI to a gateway is sip:<prefix><user>@host:port.",
            required = false)
    String user_prefix() default "";
}
