package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.host.HostStatus;

class HostReportTest {

    private final HostStatus host = mock(HostStatus.class);

    @Test
    void applicationRowsKeepRoutingOrder() {
        when(host.applications()).thenReturn(List.of(
                new HostStatus.Application("b2bua", List.of("INVITE", "OPTIONS"), "sipsm-b2bua", 3),
                new HostStatus.Application("presence", List.of("PUBLISH"), "sipsm-presence", 0)));

        assertEquals(List.of(List.of("b2bua", "INVITE, OPTIONS", "sipsm-b2bua", "3"),
                List.of("presence", "PUBLISH", "sipsm-presence", "0")), new HostReport(host).applicationRows());
    }

    @Test
    void showsEachVersionWithItsStateAndSessions() {
        when(host.endpoint()).thenReturn("UDP 127.0.0.1:5060");
        when(host.applications()).thenReturn(List.of(
                new HostStatus.Application("b2bua", List.of("INVITE"), "sipsm-b2bua", 5)));
        when(host.versions()).thenReturn(List.of(
                new HostStatus.ApplicationVersion("b2bua", 2, "sipsm-b2bua 1.1.0", true, 5),
                new HostStatus.ApplicationVersion("b2bua", 1, "sipsm-b2bua 1.0.0", false, 10)));
        when(host.routes()).thenReturn("INVITE: b2bua~2");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new HostReport(host).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.matches("(?s).*b2bua\\s*\\|\\s*2\\s*\\|\\s*sipsm-b2bua 1\\.1\\.0\\s*\\|\\s*serving\\s*\\|\\s*5.*"), text);
        assertTrue(text.matches("(?s).*b2bua\\s*\\|\\s*1\\s*\\|\\s*sipsm-b2bua 1\\.0\\.0\\s*\\|\\s*kept for its calls\\s*\\|\\s*10.*"), text);
    }

    @Test
    void printsEndpointApplicationsAndIndentedRoutes() {
        when(host.endpoint()).thenReturn("UDP 127.0.0.1:5060");
        when(host.applications()).thenReturn(List.of());
        when(host.routes()).thenReturn("INVITE: b2bua\nOPTIONS: b2bua");
        when(host.networkFaults()).thenReturn(List.of(new HostStatus.NetworkFault("no.dialog", "481", 7)));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new HostReport(host).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("Endpoint: UDP 127.0.0.1:5060"), text);
        assertTrue(text.contains("no SIP application deployed"), text);
        assertTrue(text.contains("Routes:\n  INVITE: b2bua\n  OPTIONS: b2bua"), text);
        assertTrue(text.matches("(?s).*Bad input from the network.*no\\.dialog\\s*\\|\\s*481\\s*\\|\\s*7.*"), text);
        assertTrue(!text.contains("Not deployed:"), text);
    }

    @Test
    void namesTheServletsThatDoNotServeAndWhy() {
        when(host.endpoint()).thenReturn("UDP 127.0.0.1:5060");
        when(host.applications()).thenReturn(List.of(
                new HostStatus.Application("b2bua", List.of("INVITE"), "acme-b2bua", 1)));
        when(host.notDeployed()).thenReturn(List.of(
                new HostStatus.NotDeployed("b2bua", "sipsm-b2bua", 42, "shadowed by service 57 of bundle acme-b2bua")));
        when(host.routes()).thenReturn("INVITE: b2bua");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        new HostReport(host).print(new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains(
                "Not deployed:\n  b2bua (bundle sipsm-b2bua, service 42): shadowed by service 57 of bundle acme-b2bua"),
                bytes.toString(StandardCharsets.UTF_8));
    }
}
