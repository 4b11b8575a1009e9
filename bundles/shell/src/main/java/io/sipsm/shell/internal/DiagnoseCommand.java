package io.sipsm.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.SettingsResolver;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * {@code sipsm:diagnose}: reads the published figures and, for each symptom of the guides' troubleshooting table
 * they show, names the parameter to check ({@link Diagnosis} decides).
 */
@Command(scope = "sipsm", name = "diagnose",
        description = "Reads the published figures and names the SS_SIP_* parameter to check for each symptom seen")
@Service
public class DiagnoseCommand implements Action {

    // Every bundle that counts registers a source; one that is not running simply has no figures here.
    @Reference(optional = true)
    List<MetricSource> sources;

    @Reference
    SettingsResolver resolver;

    @Reference
    Session session;

    @Override
    public Object execute() {
        List<Metric> published = new ArrayList<>();
        if (sources != null) {
            sources.forEach(source -> published.addAll(source.metrics()));
        }
        Map<Figure, Double> figures = Figures.of(published);
        Diagnosis.Report report = new Diagnosis(figures, resolver.global()).diagnose();
        Double sessions = figures.get(Figure.APPLICATION_SESSIONS);
        new DiagnosisReport(report, sessions == null ? null : Math.round(sessions)).print(session.getConsole());
        return null;
    }
}
