package io.sipsm.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** What {@code sipsm:diagnose} prints: each symptom seen with its evidence and the parameter to check. */
final class DiagnosisReport {

    private final Diagnosis.Report report;
    private final Long applicationSessions;

    /** @param applicationSessions the host's application sessions now, null when that figure is unknown */
    DiagnosisReport(Diagnosis.Report report, Long applicationSessions) {
        this.report = report;
        this.applicationSessions = applicationSessions;
    }

    List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add("Counts since each publisher started; " + (applicationSessions == null
                ? "application sessions now unknown (nothing publishes " + Figure.APPLICATION_SESSIONS + ")"
                : applicationSessions + " application sessions on the host now") + ".");
        if (report.findings().isEmpty()) {
            out.add("No symptom of the troubleshooting table in the figures.");
        }
        for (Finding finding : report.findings()) {
            out.add("");
            out.add("Symptom: " + finding.symptom().label());
            finding.evidence().forEach(e -> out.add("  seen:  " + e));
            out.add("  check: " + finding.symptom().parameter() + " = " + finding.current());
            out.add("  why:   " + finding.advice());
        }
        if (!report.unchecked().isEmpty()) {
            out.add("");
            report.unchecked().forEach(u -> out.add("Not fully checked: " + u));
        }
        out.add("");
        out.add("Values shown are the global ones; a tenant's may differ (sipsm:settings --tenant <name>).");
        return out;
    }

    void print(PrintStream out) {
        lines().forEach(out::println);
    }
}
