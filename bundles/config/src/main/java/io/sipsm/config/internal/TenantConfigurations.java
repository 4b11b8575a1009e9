package io.sipsm.config.internal;

import java.util.Dictionary;

import org.osgi.service.cm.ManagedServiceFactory;

import io.sipsm.config.SipConfiguration;

/** Receives the tenant factory configurations and hands them to the registry, which keeps the last good ones. */
final class TenantConfigurations implements ManagedServiceFactory {

    private final SettingsRegistry registry;
    private final CallerTrust trust;
    private final DigestUsers users;

    TenantConfigurations(SettingsRegistry registry, CallerTrust trust, DigestUsers users) {
        this.registry = registry;
        this.trust = trust;
        this.users = users;
    }

    @Override
    public String getName() {
        return "sipsm SIP session settings (tenants of " + SipConfiguration.TENANT_FACTORY_PID + ")";
    }

    /**
     * Never throws {@link org.osgi.service.cm.ConfigurationException}: Config Admin would only log it, and the
     * registry already logged the reason and kept the tenant's previous values.
     */
    @Override
    public void updated(String pid, Dictionary<String, ?> properties) {
        registry.updateTenant(pid, properties);
        trust.updateTenant(pid, properties);
        users.updateTenant(pid, properties);
    }

    @Override
    public void deleted(String pid) {
        registry.removeTenant(pid);
        trust.removeTenant(pid);
        users.removeTenant(pid);
    }
}
