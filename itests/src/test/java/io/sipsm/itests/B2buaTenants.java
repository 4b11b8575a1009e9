package io.sipsm.itests;

import java.time.Duration;
import java.util.Hashtable;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.config.SettingsResolver;

/**
 * Tenants of the B2BUA's calls, for the test classes whose Karaf runs the configuration bundle. Not in
 * KarafTestSupport: a test class whose Karaf has no sipsm-config could not even load a method naming
 * SettingsResolver (HostLifecycleIT and HotDeployIT failed with ClassNotFoundException).
 */
final class B2buaTenants {

    private B2buaTenants() {
    }

    /** A tenant selecting the B2BUA's calls (application selector), known to the settings before this returns. */
    static Configuration create(KarafTestSupport test, String name) throws Exception {
        Configuration tenant = test.service(ConfigurationAdmin.class)
                .getFactoryConfiguration("io.sipsm.sip.tenant", name, "?");
        Hashtable<String, Object> selector = new Hashtable<>();
        selector.put("tenant.name", name);
        selector.put("tenant.selector", "application:b2bua");
        tenant.update(selector);
        SettingsResolver resolver = test.service(SettingsResolver.class);
        KarafTestSupport.await("tenant " + name, Duration.ofSeconds(30),
                () -> resolver.tenants().stream().anyMatch(t -> t.name().equals(name)));
        return tenant;
    }
}
