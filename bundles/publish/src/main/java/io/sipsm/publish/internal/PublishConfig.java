package io.sipsm.publish.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Configuration of the PUBLISH handling (PID {@value #PID}); changes apply to the next PUBLISH. */
@ObjectClassDefinition(
        id = PublishConfig.PID,
        name = "sipsm PUBLISH expiry",
        description = "Answers gateways' PUBLISH requests (RFC 3903) and takes a gateway out of routing when its"
                + " publication expires (SS_SIP_PUBLISH_EXPIRE of PID io.sipsm.sip, per tenant) or is removed,"
                + " until it publishes again. Gateways never heard from stay available. With"
                + " SS_SIP_ENABLE_PUBLISH_EXPIRE=false for a source, its PUBLISH goes on to the SIP applications"
                + " as if this bundle were not installed, and its availability is not affected."
                + " An invalid change is rejected and logged, and the previous settings stay.")
public @interface PublishConfig {

    /** The configuration PID. */
    String PID = "io.sipsm.publish";

    @AttributeDefinition(
            name = "Allowed sources",
            description = "Source addresses that may publish: IPv4 or IPv6 addresses or CIDR ranges, for example"
                    + " 192.0.2.10 or 198.51.100.0/24; commas also separate entries. A PUBLISH from any other"
                    + " source is answered 403. Empty (the default): nobody may publish. A gateway is keyed by"
                    + " its source address and the port of its top Via, which should be where it takes calls.",
            required = false)
    String[] allowed_sources() default {};

    @AttributeDefinition(
            name = "Minimum Expires",
            description = "Shortest publication lifetime in seconds a gateway may ask for; a shorter non-zero"
                    + " Expires is answered 423 with this Min-Expires. 60 by default, RFC 3261's smallest"
                    + " registration interval, so that a misconfigured gateway cannot flood the host with"
                    + " refreshes. Never above SS_SIP_PUBLISH_EXPIRE, which caps the granted lifetime.",
            min = "1", max = "86400")
    int min_expires() default 60;
}
