package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

/**
 * Logs what an accepted edit changed: the effective settings of the global configuration and of every tenant
 * whose values moved (a global edit moves every tenant that inherits the key), at INFO; advice at WARN.
 */
final class ChangeLog {

    private static final Logger LOG = LoggerFactory.getLogger(ChangeLog.class);

    /** Below the 500 characters Karaf's default layout keeps of a message, with room for the prefix. */
    static final int LINE_LENGTH = 400;

    private ChangeLog() {
    }

    static void log(SettingsCatalog previous, SettingsCatalog next) {
        if (!next.global().equals(previous.global())) {
            report(SipConfiguration.GLOBAL_PID, "global", next.global());
        }
        Set<String> current = new HashSet<>();
        for (TenantSummary tenant : next.tenants()) {
            current.add(tenant.pid());
            EffectiveSettings now = next.tenant(tenant.pid());
            if (!now.equals(previous.tenant(tenant.pid()))) {
                report(tenant.pid(), "tenant " + tenant.name() + " " + tenant.selectors(), now);
            }
        }
        for (TenantSummary gone : previous.tenants()) {
            if (!current.contains(gone.pid())) {
                LOG.info("{}: tenant {} removed", gone.pid(), gone.name());
            }
        }
        next.shadowedSelectors().stream().filter(w -> !previous.shadowedSelectors().contains(w))
                .forEach(w -> LOG.warn("{}: {}", SipConfiguration.TENANT_FACTORY_PID, w));
    }

    private static void report(String pid, String scope, EffectiveSettings effective) {
        List<String> lines = describe(effective);
        for (int i = 0; i < lines.size(); i++) {
            LOG.info("{}: effective {} settings ({}/{}): {}", pid, scope, i + 1, lines.size(), lines.get(i));
        }
        effective.warnings().forEach(w -> LOG.warn("{}: {}", pid, w));
        if (!effective.resend().exact()) {
            // Requests follow the list on the wire whatever its shape; only the stack's response timers differ.
            LOG.info("{}: SS_SIP_RESEND_INTERVAL maps onto the host {}", pid, effective.resend().explanation());
        }
    }

    /**
     * Each key with its value and origin, {@code SS_SIP_SEND_RETRY=10 (default), ...}, then the resend mapping,
     * in lines of at most {@value #LINE_LENGTH} characters: Karaf's default log layout cuts a message at 500.
     */
    static List<String> describe(EffectiveSettings effective) {
        List<String> items = new ArrayList<>();
        for (SipKey key : SipKey.values()) {
            items.add(key + "=" + effective.settings().text(key) + " (" + effective.source(key) + ")");
        }
        items.add("resend mapping " + effective.resend().explanation());
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String item : items) {
            if (line.length() > 0 && line.length() + 2 + item.length() > LINE_LENGTH) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? ", " : "").append(item);
        }
        lines.add(line.toString());
        return lines;
    }
}
