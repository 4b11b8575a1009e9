package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class ChangeLogTest {

    @Test
    void describesEveryKeyWithValueAndOriginAndTheResendMapping() throws Exception {
        List<String> lines = ChangeLog.describe(SettingsMerger.tenant(
                SettingsMergerTest.layer("SS_SIP_SEND_RETRY", "5"),
                SettingsMergerTest.layer("SS_SIP_ENABLE_100REL", "true"), "acme"));
        assertTrue(lines.size() > 1, lines.toString());
        lines.forEach(l -> assertTrue(l.length() <= ChangeLog.LINE_LENGTH, l));
        String line = String.join(", ", lines);
        assertTrue(line.startsWith("SS_SIP_RESEND_INTERVAL=0.5,1,2,4,4,4,4,4,4,4 (default), SS_SIP_SEND_RETRY=5"
                + " (global), "), line);
        assertTrue(line.contains("SS_SIP_ENABLE_100REL=true (tenant acme)"), line);
        assertTrue(line.contains(", resend mapping exact: T1 500 ms, T2 4000 ms;"), line);
        assertTrue(line.contains("at most 5 retransmissions, the last at 11.5 s"), line);
    }
}
