package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipKey;
import io.sipsm.config.TenantSummary;

class TenantsReportTest {

    @Test
    void rowHasSelectorsOverridesInKeyOrderAndPid() {
        TenantSummary acme = new TenantSummary("acme", "io.sipsm.sip.tenant~acme",
                List.of("domain:acme.example.com", "source:192.0.2.0/24"),
                Set.of(SipKey.SESSION_EXPIRES, SipKey.RESEND_INTERVAL));

        assertEquals(List.of(List.of("acme", "domain:acme.example.com, source:192.0.2.0/24",
                "SS_SIP_RESEND_INTERVAL, SS_SIP_SESSION_EXPIRES", "io.sipsm.sip.tenant~acme")),
                new TenantsReport(List.of(acme)).rows());
    }

    @Test
    void tenantThatSetsNothingSaysItInheritsEverything() {
        TenantSummary idle = new TenantSummary("idle", "pid", List.of("application:b2bua"), Set.of());

        assertEquals("none (all global)", new TenantsReport(List.of(idle)).rows().get(0).get(2));
    }

    @Test
    void noTenantsPrintsWhatThatMeans() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new TenantsReport(List.of()).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("no tenant configured"));
    }
}
