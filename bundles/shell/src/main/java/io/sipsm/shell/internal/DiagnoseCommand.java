package io.sipsm.shell.internal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.HostStatus;
import io.sipsm.host.PolicyCounters;

/**
 * {@code sipsm:diagnose}: reads the running policies' counters and, for each symptom of the guides'
 * troubleshooting table they show, names the parameter to check ({@link Diagnosis} decides).
 */
@Command(scope = "sipsm", name = "diagnose",
        description = "Reads the policies' counters and names the SS_SIP_* parameter to check for each symptom seen")
@Service
public class DiagnoseCommand implements Action {

    // Every policy registers its counters; a policy that is not installed simply has none here.
    @Reference(optional = true)
    List<PolicyCounters> policies;

    @Reference
    SettingsResolver resolver;

    @Reference(optional = true)
    HostStatus host;

    @Reference
    Session session;

    @Override
    public Object execute() {
        Map<String, Map<String, Long>> counters = new HashMap<>();
        if (policies != null) {
            policies.forEach(p -> counters.put(p.policy(), p.counters()));
        }
        Diagnosis.Report report = new Diagnosis(counters, resolver.global()).diagnose();
        new DiagnosisReport(report, host == null ? null : host.applications().stream()
                .mapToLong(HostStatus.Application::activeApplicationSessions).sum()).print(session.getConsole());
        return null;
    }
}
