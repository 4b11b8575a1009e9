package io.sipsm.shell.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.host.OverloadStatus;

/** {@code sipsm:overload}: admission control's counters and its level against the limits. */
@Command(scope = "sipsm", name = "overload", description = "Shows overload control: accepted, refused for load, level against the limits")
@Service
public class OverloadCommand implements Action {

    // Optional for the same reason as sipsm:host: "not running" is an answer.
    @Reference(optional = true)
    OverloadStatus overload;

    @Reference
    Session session;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        PrintStream out = session.getConsole();
        if (overload == null) {
            out.println("The SIP host is not running: no OverloadStatus service is registered.");
            return null;
        }
        OverloadStatus.Snapshot now = overload.overload();
        out.printf("Overload control %s, %s; level %d%% of the limit%n", now.enabled() ? "on" : "off",
                admission(now), now.levelPercent());
        out.printf("Accepted %d, refused for load %d, keep-alive probes answered %d%n", now.accepted(),
                now.refused(), now.keepAlives());
        ShellTable table = new ShellTable();
        table.column("Gauge");
        table.column("Value").alignRight();
        table.column("Limit").alignRight();
        table.column("%").alignRight();
        for (OverloadStatus.Gauge gauge : now.gauges()) {
            table.addRow().addContent(gauge.name(), gauge.value(), gauge.limit() == 0 ? "-" : gauge.limit(),
                    gauge.percent());
        }
        table.print(out, !noFormat);
        return null;
    }

    private static String admission(OverloadStatus.Snapshot now) {
        if (!now.refusing()) {
            return "accepting";
        }
        return now.admitPercent() == 0 ? "REFUSING initial requests"
                : "SHEDDING: admitting " + now.admitPercent() + "% of initial requests";
    }
}
