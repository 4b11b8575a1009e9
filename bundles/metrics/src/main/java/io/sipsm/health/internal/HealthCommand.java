package io.sipsm.health.internal;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * {@code sipsm:health}: runs the health checks and shows each one's status and findings, the same run the HTTP
 * endpoint's {@code /health} makes. It always ends normally, whatever the status: scripts read the first line.
 */
@Command(scope = "sipsm", name = "health",
        description = "Runs the health checks (host, configuration, overload, cluster) and shows their status")
@Service
public class HealthCommand implements Action {

    @Reference
    Health health;

    @Reference
    Session session;

    @Option(name = "--tags", description = "Only the checks with any of these tags, comma separated, e.g."
            + " systemalive or systemready")
    String tags;

    @Option(name = "--no-format", description = "Plain lines without a table, for scripts")
    boolean noFormat;

    @Override
    public Object execute() {
        List<String> selected = tags == null ? List.of()
                : Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
        HealthReport report = health.run(selected);
        PrintStream out = session.getConsole();
        if (noFormat) {
            out.print(report.text());
            return null;
        }
        out.println("Overall: " + report.status());
        if (report.checks().isEmpty()) {
            out.println(selected.isEmpty() ? "No health check is registered" : "No health check has the tags " + selected);
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Check");
        table.column("Status");
        table.column("Tags");
        table.column("Findings");
        for (HealthReport.Check check : report.checks()) {
            table.addRow().addContent(check.name(), check.status(), String.join(",", check.tags()),
                    (check.timedOut() ? "timed out; " : "") + String.join("; ", check.messages()));
        }
        table.print(out);
        return null;
    }
}
