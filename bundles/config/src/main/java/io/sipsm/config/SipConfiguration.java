package io.sipsm.config;

/**
 * Configuration Admin PIDs and the properties of a tenant configuration.
 *
 * <p>The global settings live in the configuration {@value #GLOBAL_PID} ({@code etc/io.sipsm.sip.cfg}). Each
 * tenant is a factory configuration of {@value #TENANT_FACTORY_PID}, for example
 * {@code etc/io.sipsm.sip.tenant-acme.cfg}, holding {@value #TENANT_SELECTOR}, optionally
 * {@value #TENANT_NAME}, and any subset of the {@link SipKey} properties; keys it leaves out come from the
 * global configuration.
 */
public final class SipConfiguration {

    /** PID of the global settings. */
    public static final String GLOBAL_PID = "io.sipsm.sip";

    /** Factory PID of the per-tenant settings. */
    public static final String TENANT_FACTORY_PID = "io.sipsm.sip.tenant";

    /**
     * Tenant property (String): the tenant's name as logs and {@link ValueSource} show it. Defaults to the
     * factory configuration's name ({@code acme} for {@code io.sipsm.sip.tenant~acme} or
     * {@code etc/io.sipsm.sip.tenant-acme.cfg}).
     */
    public static final String TENANT_NAME = "tenant.name";

    /**
     * Tenant property (String, comma separated, or String[]): which calls the tenant's settings apply to, each
     * entry one of {@code application:<SIP application name>}, {@code domain:<request domain>} or
     * {@code source:<address>[/<prefix length>]} (IPv4 or IPv6 CIDR). A tenant needs at least one entry.
     * When several tenants match a call, an application selector beats a domain selector, a domain selector
     * beats a source range, a longer prefix beats a shorter one, and then the tenant name that sorts first wins.
     */
    public static final String TENANT_SELECTOR = "tenant.selector";

    /**
     * Tenant and global property (String, comma separated, or String[]): named presets of recommended settings,
     * at most one operation type ({@code wholesale-termination}, {@code prepaid-retail}, {@code enterprise-pbx},
     * {@code call-center}, {@code residential}: session-timer segment, early hangup, no-timer re-INVITE interval,
     * PRACK) and one deployment type ({@code standard}, {@code unstable-networks}, {@code fast-failover},
     * {@code high-reliability}, {@code aggressive-retry}: the resend list), for example
     * {@code call-center,unstable-networks}. A key the same configuration sets explicitly overrides the preset;
     * a tenant's preset overrides the global configuration. An unknown name is refused like a bad value.
     *
     * @since 2.1
     */
    public static final String PROFILE = "tenant.profile";

    private SipConfiguration() {
    }
}
