package io.sipsm.config.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the global configuration, so {@code config:meta -p io.sipsm.sip} and form editors show every
 * key. Only a description: values are read by {@link LayerParser}, not through this type, because a bad value
 * must be refused by the bundle rather than converted or dropped by the framework. A method {@code SS__SIP__X}
 * names the property {@code SS_SIP_X} (DS/metatype turn a double underscore into one). Defaults here must equal
 * {@link io.sipsm.config.SipSettings#DEFAULTS}; a unit test holds them together.
 */
@ObjectClassDefinition(pid = "io.sipsm.sip", name = "sipsm SIP session settings (global)",
        description = "SS_SIP_* session-policy settings for every call no tenant claims; tenants override them.")
@interface GlobalSettingsDefinition {

    @AttributeDefinition(name = "Profile", description = "Named presets of recommended settings, comma"
            + " separated: at most one operation type (wholesale-termination, prepaid-retail, enterprise-pbx,"
            + " call-center, residential) and one deployment type (standard, unstable-networks, fast-failover,"
            + " high-reliability, aggressive-retry)."
            + " Keys set here override the preset. Empty: none.", required = false)
    String tenant_profile() default "";

    @AttributeDefinition(name = "Resend intervals (s)", description = "Seconds before each retransmission of an"
            + " unanswered request, 1 to 10 comma-separated values, each above 0 and at most 60, to the ms.")
    String SS__SIP__RESEND__INTERVAL() default "0.5,1,2,4,4,4,4,4,4,4";

    @AttributeDefinition(name = "Send retries", description = "Most retransmissions, 1..10; values of the resend"
            + " list past this count are never used.", min = "1", max = "10")
    int SS__SIP__SEND__RETRY() default 10;

    @AttributeDefinition(name = "INVITE timeout (s)", description = "Seconds an INVITE may go without any"
            + " response, 1..300.", min = "1", max = "300")
    int SS__SIP__TIMEOUT__INVITE() default 10;

    @AttributeDefinition(name = "Trying timeout (s)", description = "Seconds after 100 Trying without 180/183,"
            + " 1..600.", min = "1", max = "600")
    int SS__SIP__TIMEOUT__TRYING() default 20;

    @AttributeDefinition(name = "Ringing timeout (s)", description = "Seconds after 180/183 without a final"
            + " response, 1..3600.", min = "1", max = "3600")
    int SS__SIP__TIMEOUT__RINGING() default 120;

    @AttributeDefinition(name = "Session update segment", description = "2..10: refresh at Session-Expires x"
            + " (1 - 1/segment); 2 = 50 %, 4 = 75 %, 10 = 90 %.", min = "2", max = "10")
    int SS__SIP__SESSION__UPDATE__SEGMENT() default 4;

    @AttributeDefinition(name = "Early hangup (s)", description = "Seconds after which a call that never"
            + " completed setup is torn down, 0 (off) to 3600; 30-60 recommended.", min = "0", max = "3600")
    int SS__SIP__SESSION__TIMEOUT__EARLY__HANGUP() default 0;

    @AttributeDefinition(name = "Keep-alive re-INVITE interval (s)", description = "For peers without session"
            + " timers, a re-INVITE every this many seconds, 60..86400.", min = "60", max = "86400")
    int SS__SIP__NO__TIMER__REINVITE__INTERVAL() default 7200;

    @AttributeDefinition(name = "PUBLISH expiry (s)", description = "Lifetime of a gateway's PUBLISH, 60..86400;"
            + " expired means the gateway is unavailable.", min = "60", max = "86400")
    int SS__SIP__PUBLISH__EXPIRE() default 3600;

    @AttributeDefinition(name = "Enable 100rel (PRACK)", description = "true: send 180/183 reliably (RFC 3262)"
            + " and retransmit until PRACK.")
    boolean SS__SIP__ENABLE__100REL() default false;

    @AttributeDefinition(name = "Session-Expires (s)", description = "The session interval we offer (RFC 4028),"
            + " 90..86400, not below Min-SE.", min = "90", max = "86400")
    int SS__SIP__SESSION__EXPIRES() default 1800;

    @AttributeDefinition(name = "Min-SE (s)", description = "The shortest session interval we accept (RFC 4028),"
            + " 90..86400; a shorter offer gets 422.", min = "90", max = "86400")
    int SS__SIP__SESSION__MIN__SE() default 90;

    @AttributeDefinition(name = "Session timer", description = "true: the RFC 4028 session-timer feature is on.")
    boolean SS__SIP__ENABLE__SESSION__TIMER() default true;

    @AttributeDefinition(name = "Keep-alive re-INVITE", description = "true: re-INVITE peers without session"
            + " timers every SS_SIP_NO_TIMER_REINVITE_INTERVAL.")
    boolean SS__SIP__ENABLE__NO__TIMER__REINVITE() default true;

    @AttributeDefinition(name = "Setup timeouts", description = "true: the INVITE, Trying and Ringing timeouts"
            + " and the early hangup are on.")
    boolean SS__SIP__ENABLE__SETUP__TIMEOUTS() default true;

    @AttributeDefinition(name = "PUBLISH expiry", description = "true: gateways whose PUBLISH expired are"
            + " unavailable.")
    boolean SS__SIP__ENABLE__PUBLISH__EXPIRE() default true;

    @AttributeDefinition(name = "Trusted sources", description = "Addresses or CIDR ranges whose new calls (initial"
            + " requests but PUBLISH) are taken; others get 403, counted in sipsm:callers. Default: loopback only."
            + " 0.0.0.0/0,::/0 takes calls from everyone (logged as a warning).")
    String trusted_sources() default "127.0.0.0/8,::1";

    @AttributeDefinition(name = "Digest realm", description = "Realm of the digest challenge (401) sent to"
            + " untrusted sources when users are configured: one key auth.user.<name> = SHA-256:<HA1>,MD5:<HA1> per"
            + " user, HA1 = hex digest of <name>:<realm>:<password>. No users: untrusted sources get 403.")
    String auth_realm() default "sipsm";
}
