package io.sipsm.prack.internal;

import java.util.List;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * {@code sipsm:prack}: what the PRACK policy did since it started, read from its published figures (the same the
 * Prometheus endpoint and the MBean {@code io.sipsm:type=Metrics,source=prack} show).
 */
@Command(scope = "sipsm", name = "prack", description = "Reliable provisional responses (RFC 3262): counters")
@Service
public class PrackCommand implements Action {

    /**
     * Every source: Karaf's shell tracks a reference's filter to register the command but injects any service of
     * the type (the highest ranked), so a filtered single reference got the host's figures in one run.
     */
    @Reference
    List<MetricSource> sources;

    @Reference
    Session session;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() {
        MetricSource figures = sources.stream().filter(PrackPolicy.class::isInstance).findFirst().orElse(null);
        if (figures == null) {
            session.getConsole().println("The PRACK policy is not running.");
            return null;
        }
        ShellTable table = new ShellTable();
        table.column("Counter");
        table.column("Value").alignRight();
        for (Metric metric : figures.metrics()) {
            table.addRow().addContent(metric.help(), (long) metric.value());
        }
        table.print(session.getConsole(), !noFormat);
        return null;
    }
}
