package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.host.HostStatus;

/**
 * {@code sipsm:policies}: what the host keeps for each policy bundle. The records outlive the bundle's
 * revisions (an update takes the calls up where the last one left them) and go when the bundle is uninstalled;
 * the timers are those the running revision has armed, none while the bundle is stopped.
 */
@Command(scope = "sipsm", name = "policies", description = "Shows the call state and timers the host keeps for each policy bundle")
@Service
public class PoliciesCommand implements Action {

    @Reference(optional = true)
    HostStatus host;

    @Reference
    Session session;

    @Override
    public Object execute() {
        PrintStream out = session.getConsole();
        if (host == null) {
            out.println("The SIP host is not running.");
            return null;
        }
        List<HostStatus.Policy> policies = host.policies();
        if (policies.isEmpty()) {
            out.println("No policy keeps state or timers on the host.");
            return null;
        }
        out.println(String.format("%-28s %8s %8s %8s", "Policy", "Legs", "Records", "Timers"));
        for (HostStatus.Policy p : policies) {
            out.println(String.format("%-28s %8d %8d %8d", p.policy(), p.legs(), p.records(), p.timers()));
        }
        return null;
    }
}
