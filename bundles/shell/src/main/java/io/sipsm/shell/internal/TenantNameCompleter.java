package io.sipsm.shell.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.sipsm.config.SettingsResolver;
import io.sipsm.config.TenantSummary;

/** Completes the names of the tenants in force. */
@Service
public class TenantNameCompleter implements Completer {

    @Reference
    SettingsResolver resolver;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        StringsCompleter names = new StringsCompleter(resolver.tenants().stream().map(TenantSummary::name).toList());
        return names.complete(session, commandLine, candidates);
    }
}
