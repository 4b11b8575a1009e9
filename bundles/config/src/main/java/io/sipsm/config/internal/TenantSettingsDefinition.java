package io.sipsm.config.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of a tenant factory configuration. Every key is a string whose default, empty, means "inherit from
 * the global configuration": form editors save every field, and a tenant should only override what it sets.
 * Values are read by {@link TenantParser}; ranges are those of {@link GlobalSettingsDefinition}.
 */
@ObjectClassDefinition(factoryPid = "io.sipsm.sip.tenant", name = "sipsm SIP session settings (tenant)",
        description = "SS_SIP_* settings for the calls a selector picks out; empty fields inherit the global"
                + " configuration io.sipsm.sip.")
@interface TenantSettingsDefinition {

    String INHERIT = "Empty inherits the global value. ";

    @AttributeDefinition(name = "Tenant name", description = "Shown in logs and as the source of values;"
            + " empty uses the factory configuration's name.", required = false)
    String tenant_name() default "";

    @AttributeDefinition(name = "Selector", description = "Which calls this tenant takes, comma separated:"
            + " application:<SIP application>, domain:<request domain>, source:<IP or CIDR>. At least one."
            + " Precedence between tenants: application > domain > source (narrower range first), then name.")
    String tenant_selector() default "";

    @AttributeDefinition(name = "Profile", description = "Named presets of recommended settings, comma"
            + " separated: at most one operation type (wholesale-termination, prepaid-retail, enterprise-pbx,"
            + " call-center, residential) and one deployment type (standard, unstable-networks, fast-failover,"
            + " high-reliability, aggressive-retry)."
            + " Keys set here override the preset. A tenant's preset overrides the global"
            + " configuration. Empty: none.", required = false)
    String tenant_profile() default "";

    @AttributeDefinition(name = "Trusted sources", description = "Addresses or CIDR ranges whose new calls for this"
            + " tenant are taken; others get 403. Empty: the global trusted sources.", required = false)
    String trusted_sources() default "";

    @AttributeDefinition(name = "Digest realm", description = "Realm of this tenant's digest users (keys"
            + " auth.user.<name> = SHA-256:<HA1>,MD5:<HA1>). Empty: the global realm name. A tenant without users"
            + " of its own authenticates against the global users.", required = false)
    String auth_realm() default "";

    @AttributeDefinition(name = "Resend intervals (s)", description = INHERIT + "1 to 10 comma-separated"
            + " seconds, each above 0 and at most 60.", required = false)
    String SS__SIP__RESEND__INTERVAL() default "";

    @AttributeDefinition(name = "Send retries", description = INHERIT + "1..10.", required = false)
    String SS__SIP__SEND__RETRY() default "";

    @AttributeDefinition(name = "INVITE timeout (s)", description = INHERIT + "1..300.", required = false)
    String SS__SIP__TIMEOUT__INVITE() default "";

    @AttributeDefinition(name = "Trying timeout (s)", description = INHERIT + "1..600.", required = false)
    String SS__SIP__TIMEOUT__TRYING() default "";

    @AttributeDefinition(name = "Ringing timeout (s)", description = INHERIT + "1..3600.", required = false)
    String SS__SIP__TIMEOUT__RINGING() default "";

    @AttributeDefinition(name = "Session update segment", description = INHERIT + "2..10.", required = false)
    String SS__SIP__SESSION__UPDATE__SEGMENT() default "";

    @AttributeDefinition(name = "Early hangup (s)", description = INHERIT + "0 (off) to 3600.", required = false)
    String SS__SIP__SESSION__TIMEOUT__EARLY__HANGUP() default "";

    @AttributeDefinition(name = "Keep-alive re-INVITE interval (s)", description = INHERIT + "60..86400.",
            required = false)
    String SS__SIP__NO__TIMER__REINVITE__INTERVAL() default "";

    @AttributeDefinition(name = "PUBLISH expiry (s)", description = INHERIT + "60..86400.", required = false)
    String SS__SIP__PUBLISH__EXPIRE() default "";

    @AttributeDefinition(name = "Enable 100rel (PRACK)", description = INHERIT + "true or false.",
            required = false)
    String SS__SIP__ENABLE__100REL() default "";

    @AttributeDefinition(name = "Session-Expires (s)", description = INHERIT + "90..86400, not below Min-SE.",
            required = false)
    String SS__SIP__SESSION__EXPIRES() default "";

    @AttributeDefinition(name = "Min-SE (s)", description = INHERIT + "90..86400.", required = false)
    String SS__SIP__SESSION__MIN__SE() default "";

    @AttributeDefinition(name = "Session timer", description = INHERIT + "true or false.", required = false)
    String SS__SIP__ENABLE__SESSION__TIMER() default "";

    @AttributeDefinition(name = "Keep-alive re-INVITE", description = INHERIT + "true or false.",
            required = false)
    String SS__SIP__ENABLE__NO__TIMER__REINVITE() default "";

    @AttributeDefinition(name = "Setup timeouts", description = INHERIT + "true or false.", required = false)
    String SS__SIP__ENABLE__SETUP__TIMEOUTS() default "";

    @AttributeDefinition(name = "PUBLISH expiry", description = INHERIT + "true or false.", required = false)
    String SS__SIP__ENABLE__PUBLISH__EXPIRE() default "";
}
