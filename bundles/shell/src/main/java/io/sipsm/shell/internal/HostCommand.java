package io.sipsm.shell.internal;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.host.HostStatus;

/** {@code sipsm:host}: what the SIP-servlet host runs now. */
@Command(scope = "sipsm", name = "host", description = "Shows the SIP host's endpoint, deployed applications and routes")
@Service
public class HostCommand implements Action {

    // Optional: HostStatus exists only while the container is up, and "not running" is an answer too,
    // where a mandatory reference would make the command vanish instead.
    @Reference(optional = true)
    HostStatus host;

    @Reference
    Session session;

    @Override
    public Object execute() {
        if (host == null) {
            session.getConsole().println("The SIP host is not running: no HostStatus service is registered.");
            return null;
        }
        new HostReport(host).print(session.getConsole());
        return null;
    }
}
