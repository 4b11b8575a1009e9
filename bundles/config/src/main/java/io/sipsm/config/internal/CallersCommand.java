package io.sipsm.config.internal;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.AddressRange;

/** {@code sipsm:callers}: who may place calls, and how many initial requests were taken and refused. */
@Command(scope = "sipsm", name = "callers",
        description = "Shows the trusted sources of new calls (global and per tenant) and the requests taken and refused")
@Service
public class CallersCommand implements Action {

    @Reference
    CallerAdmission admission;

    @Reference
    Session session;

    @Override
    public Object execute() {
        CallerTrust trust = admission.trust();
        java.io.PrintStream out = session.getConsole();
        out.println("Trusted sources (" + CallerTrust.KEY + "): " + text(trust.global()));
        for (Map.Entry<String, List<AddressRange>> tenant : trust.tenants().entrySet()) {
            out.println("  tenant " + tenant.getKey() + ": " + text(tenant.getValue()));
        }
        DigestUsers users = admission.users();
        out.println("Digest users for untrusted sources: " + users.global().map(Object::toString).orElse("(none)"));
        for (Map.Entry<String, DigestRealm> tenant : users.tenants().entrySet()) {
            out.println("  tenant " + tenant.getKey() + ": " + tenant.getValue());
        }
        out.println("Initial requests taken: " + admission.taken());
        out.println("Authenticated (untrusted source, digest): " + admission.authenticated());
        String notAuthenticated = admission.notAuthenticated().entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getKey().name().toLowerCase(java.util.Locale.ROOT) + " " + e.getValue())
                .collect(Collectors.joining(", "));
        out.println("Not authenticated: " + (notAuthenticated.isEmpty() ? "0" : notAuthenticated));
        out.println("Refused with 403 (untrusted source): " + admission.refused()
                + (admission.refused() > 0 ? ", the last from " + admission.lastRefusedSource() : ""));
        return null;
    }

    private static String text(List<AddressRange> ranges) {
        return ranges.isEmpty() ? "(nobody)" : ranges.stream().map(Object::toString).collect(Collectors.joining(", "));
    }
}
