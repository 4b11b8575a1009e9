package io.sipsm.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.SettingsResolver;

/** {@code sipsm:tenants}: the tenants in force, their selectors, the keys they set and their configurations. */
@Command(scope = "sipsm", name = "tenants", description = "Lists the tenants in force, in the order calls are matched against them")
@Service
public class TenantsCommand implements Action {

    @Reference
    SettingsResolver resolver;

    @Reference
    Session session;

    @Override
    public Object execute() {
        new TenantsReport(resolver.tenants()).print(session.getConsole());
        return null;
    }
}
