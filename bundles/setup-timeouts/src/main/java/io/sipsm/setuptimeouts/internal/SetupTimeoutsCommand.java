package io.sipsm.setuptimeouts.internal;

import java.io.PrintStream;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/** {@code sipsm:setup-timeouts}: how calls and gateway attempts ended, and how many calls are followed now. */
@Command(scope = "sipsm", name = "setup-timeouts",
        description = "Shows how many calls and gateway attempts ended by each setup timeout, early hangup or outcome")
@Service
public class SetupTimeoutsCommand implements Action {

    @Reference
    SetupTimeoutStatistics statistics;

    @Reference
    Session session;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        print(statistics, session.getConsole(), !noFormat);
        return null;
    }

    static void print(SetupTimeoutStatistics statistics, PrintStream out, boolean format) {
        ShellTable table = new ShellTable();
        table.column("Ended by");
        table.column("Count").alignRight();
        table.column("Policy action");
        statistics.endCounts().forEach((reason, count) -> table.addRow()
                .addContent(reason.label(), count, reason.isPolicyAction() ? "yes" : "no"));
        table.print(out, format);
        out.println("Calls followed now: " + statistics.activeCalls() + " of at most " + statistics.capacity()
                + "; INVITEs waiting for their application: " + statistics.pendingArrivals());
    }
}
