package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.List;

import io.sipsm.config.SipConfiguration;

/** Reads one tenant factory configuration. */
final class TenantParser {

    /** Where Felix FileInstall records the file a configuration came from. */
    static final String FILEINSTALL_FILENAME = "felix.fileinstall.filename";

    private TenantParser() {
    }

    /** A tenant and the warnings its keys raised. */
    record Parsed(Tenant tenant, List<String> warnings) {
    }

    static Parsed parse(String pid, Dictionary<String, ?> properties) throws InvalidSettingException {
        List<TenantSelector> selectors = new ArrayList<>();
        Object rawSelectors = properties.get(SipConfiguration.TENANT_SELECTOR);
        for (String entry : ValueText.items(rawSelectors)) {
            if (!entry.isEmpty()) {
                selectors.add(TenantSelector.parse(entry));
            }
        }
        if (selectors.isEmpty()) {
            throw new InvalidSettingException(SipConfiguration.TENANT_SELECTOR, rawSelectors,
                    "a tenant needs at least one selector (application:, domain: or source:)");
        }
        LayerParser.Parsed layer = LayerParser.parse(properties, true);
        String name = name(pid, properties);
        return new Parsed(new Tenant(name, pid, selectors, layer.layer()), layer.warnings());
    }

    /**
     * {@value SipConfiguration#TENANT_NAME} if set, else the name the operator gave the factory configuration:
     * {@code acme} in the PID {@code io.sipsm.sip.tenant~acme} or in the file {@code io.sipsm.sip.tenant-acme.cfg};
     * else the PID, which is unique if unreadable.
     */
    static String name(String pid, Dictionary<String, ?> properties) {
        String configured = ValueText.of(properties.get(SipConfiguration.TENANT_NAME)).trim();
        if (!configured.isEmpty()) {
            return configured;
        }
        int tilde = pid.indexOf('~');
        if (tilde >= 0 && tilde < pid.length() - 1) {
            return pid.substring(tilde + 1);
        }
        String file = ValueText.of(properties.get(FILEINSTALL_FILENAME));
        String prefix = SipConfiguration.TENANT_FACTORY_PID + "-";
        int start = file.lastIndexOf(prefix);
        if (start >= 0 && file.endsWith(".cfg") && file.length() > start + prefix.length() + 4) {
            return file.substring(start + prefix.length(), file.length() - 4);
        }
        return pid;
    }
}
