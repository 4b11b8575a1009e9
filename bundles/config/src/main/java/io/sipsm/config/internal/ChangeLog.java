package io.sipsm.config.internal;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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
        LOG.info("{}: effective {} settings: {}", pid, scope, describe(effective));
        effective.warnings().forEach(w -> LOG.warn("{}: {}", pid, w));
        if (!effective.resend().exact()) {
            LOG.warn("{}: SS_SIP_RESEND_INTERVAL maps onto the host {}", pid, effective.resend().explanation());
        }
    }

    /** One line, each key with its value and origin: {@code SS_SIP_SEND_RETRY=10 (default), ...; resend ...}. */
    static String describe(EffectiveSettings effective) {
        String keys = Stream.of(SipKey.values())
                .map(key -> key + "=" + effective.settings().text(key) + " (" + effective.source(key) + ")")
                .collect(Collectors.joining(", "));
        return keys + "; resend mapping " + effective.resend().explanation();
    }
}
