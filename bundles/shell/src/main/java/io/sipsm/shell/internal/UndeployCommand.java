package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.host.HostStatus;

/**
 * {@code sipsm:undeploy}: the older versions of an application, kept deployed for their calls after an update,
 * go at once. Without {@code --force} it only says what that would end.
 */
@Command(scope = "sipsm", name = "undeploy",
        description = "Undeploys the older versions of an application kept for their calls, ending those calls")
@Service
public class UndeployCommand implements Action {

    @Argument(index = 0, name = "application", required = true, description = "The application's name")
    String application;

    @Option(name = "--force", aliases = "-f", description = "End the calls of the older versions and undeploy them")
    boolean force;

    @Reference(optional = true)
    HostStatus host;

    @Reference
    Session session;

    @Override
    public Object execute() {
        PrintStream out = session.getConsole();
        if (host == null) {
            out.println("The SIP host is not running: nothing to undeploy.");
            return null;
        }
        List<HostStatus.ApplicationVersion> older = host.versions().stream()
                .filter(v -> v.name().equals(application) && !v.serving()).toList();
        if (older.isEmpty()) {
            out.println("No older version of " + application + " is deployed (the version serving new calls goes "
                    + "when its bundle stops).");
            return null;
        }
        int calls = older.stream().mapToInt(HostStatus.ApplicationVersion::activeApplicationSessions).sum();
        if (!force) {
            out.println(older.size() + " older version(s) of " + application + " kept for " + calls
                    + " calls; sipsm:undeploy --force " + application + " ends those calls (BYE on every leg) and "
                    + "undeploys them.");
            return null;
        }
        HostStatus.ForcedUndeploy done = host.forceUndeploy(application);
        out.println("Undeployed " + done.versions() + " older version(s) of " + application + ": "
                + done.applicationSessions() + " calls dropped (each leg ended with a Reason header).");
        return null;
    }
}
