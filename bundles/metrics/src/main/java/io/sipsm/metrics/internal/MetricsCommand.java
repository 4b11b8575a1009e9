package io.sipsm.metrics.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.metrics.Metric;

/**
 * {@code sipsm:metrics}: every figure, one series a line, exactly as the Prometheus endpoint and the MBeans show
 * it (they read the same sources at the same moment they are asked).
 */
@Command(scope = "sipsm", name = "metrics",
        description = "Shows every sipsm figure (the Prometheus endpoint's series and the MBeans' attributes)")
@Service
public class MetricsCommand implements Action {

    @Reference
    MetricsCollector collector;

    @Reference
    Session session;

    @Option(name = "--source", description = "Only this source, e.g. host, b2bua, prack, jvm")
    String source;

    @Argument(description = "Only series whose text contains this, e.g. tenant=\"acme\" or answered")
    String contains;

    @Override
    public Object execute() {
        PrintStream out = session.getConsole();
        for (Map.Entry<String, List<Metric>> entry : collector.bySource().entrySet()) {
            if (source != null && !source.equals(entry.getKey())) {
                continue;
            }
            out.println("# source " + entry.getKey() + " (MBean " + MBeanPublisher.OBJECT_NAME + entry.getKey() + ")");
            Samples.of(entry.getValue()).forEach((series, value) -> {
                if (contains == null || series.contains(contains)) {
                    out.println(series + " " + Samples.number(value.doubleValue()));
                }
            });
        }
        return null;
    }
}
