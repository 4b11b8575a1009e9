package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DiagnosisReportTest {

    @Test
    void eachFindingShowsWhatWasSeenTheParameterItsValueAndWhy() {
        Finding finding = new Finding(Symptom.STALLED_CALLS, List.of("2 answered calls ..."),
                "7200 (default)", "lower it");
        List<String> lines = new DiagnosisReport(new Diagnosis.Report(List.of(finding), List.of()), 5L).lines();
        assertEquals(List.of(
                "Counts since each publisher started; 5 application sessions on the host now.",
                "",
                "Symptom: stalled calls",
                "  seen:  2 answered calls ...",
                "  check: SS_SIP_NO_TIMER_REINVITE_INTERVAL = 7200 (default)",
                "  why:   lower it",
                "",
                "Values shown are the global ones; a tenant's may differ (sipsm:settings --tenant <name>)."), lines);
    }

    @Test
    void saysWhenNothingIsSeenAndWhatWasNotChecked() {
        List<String> lines = new DiagnosisReport(new Diagnosis.Report(List.of(),
                List.of("no early media: unknown, nothing publishes x")), null).lines();
        assertTrue(lines.get(0).endsWith("application sessions now unknown (nothing publishes"
                + " sipsm_application_sessions)."), lines.get(0));
        assertTrue(lines.contains("No symptom of the troubleshooting table in the figures."), lines.toString());
        assertTrue(lines.contains("Not fully checked: no early media: unknown, nothing publishes x"), lines.toString());
    }
}
