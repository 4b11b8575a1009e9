package io.sipsm.shell.internal;

import java.util.Optional;
import java.util.stream.Stream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.TransactionTimers;

/**
 * {@code sipsm:settings}: the effective SS_SIP_* values, where each came from, how they reach the host, and the
 * last refused edit, so an operator sees why an edit did not take.
 */
@Command(scope = "sipsm", name = "settings", description = "Shows the effective SS_SIP_* settings and where each value came from")
@Service
public class SettingsCommand implements Action {

    @Option(name = "--tenant", description = "Show what a call of this tenant gets")
    @Completion(TenantNameCompleter.class)
    String tenant;

    @Option(name = "--domain", description = "Request-URI domain of a hypothetical new call")
    String domain;

    @Option(name = "--source", description = "Source address of a hypothetical new call")
    String source;

    @Option(name = "--application", description = "SIP application of a hypothetical new call")
    String application;

    @Reference
    SettingsResolver resolver;

    // Optional: the settings are worth seeing while the SIP host is down, too.
    @Reference(optional = true)
    TransactionTimers timers;

    @Reference
    Session session;

    @Override
    public Object execute() {
        SettingsLookup lookup = new SettingsLookup(resolver);
        boolean describesCall = Stream.of(domain, source, application).anyMatch(o -> o != null);
        if (tenant != null && describesCall) {
            throw new IllegalArgumentException("use --tenant or --domain/--source/--application, not both");
        }
        SettingsLookup.Result result = tenant != null ? lookup.forTenant(tenant)
                : describesCall ? lookup.forCall(domain, source, application)
                : lookup.global();
        new SettingsReport(result, Optional.ofNullable(timers).map(TransactionTimers::current),
                resolver.lastRejection()).print(session.getConsole());
        return null;
    }
}
