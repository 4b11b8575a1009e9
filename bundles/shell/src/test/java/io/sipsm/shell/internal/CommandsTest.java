package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.TransactionTimers;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/** The commands as Karaf runs them: fields set as the shell would inject them, output to the session console. */
class CommandsTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Session session = mock(Session.class);
    private final SettingsResolver resolver = mock(SettingsResolver.class);

    CommandsTest() {
        when(session.getConsole()).thenReturn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        when(resolver.lastRejection()).thenReturn(Optional.empty());
    }

    @Test
    void settingsWithoutOptionsShowsGlobalAndTheHostTimers() {
        when(resolver.global()).thenReturn(Fixtures.global());
        TransactionTimers timers = mock(TransactionTimers.class);
        when(timers.current()).thenReturn(TransactionTimers.Values.RFC3261);
        SettingsCommand command = settings();
        command.timers = timers;

        command.execute();

        assertTrue(output().contains("T1 500 ms, T2 4000 ms, T4 5000 ms, Timer D 32000 ms"), output());
    }

    @Test
    void settingsForACallResolvesIt() {
        when(resolver.resolve(new NewCall(null, "192.0.2.7", null))).thenReturn(Fixtures.tenant("acme"));
        SettingsCommand command = settings();
        command.source = "192.0.2.7";

        command.execute();

        verify(resolver).resolve(new NewCall(null, "192.0.2.7", null));
        assertTrue(output().contains("gets tenant acme"), output());
    }

    @Test
    void settingsRefusesTenantTogetherWithCallAttributes() {
        SettingsCommand command = settings();
        command.tenant = "acme";
        command.domain = "acme.example.com";

        assertThrows(IllegalArgumentException.class, command::execute);
    }

    @Test
    void tenantsListsThem() {
        when(resolver.tenants()).thenReturn(List.of());
        TenantsCommand command = new TenantsCommand();
        command.resolver = resolver;
        command.session = session;

        command.execute();

        assertTrue(output().contains("no tenant configured"), output());
    }

    @Test
    void hostWithoutHostStatusSaysTheHostIsDown() {
        HostCommand command = new HostCommand();
        command.session = session;

        command.execute();

        assertTrue(output().startsWith("The SIP host is not running"), output());
    }

    @Test
    void diagnoseReadsThePublishedFiguresByNameAndNamesTheParameter() {
        when(resolver.global()).thenReturn(Fixtures.global());
        MetricSource sessionTimer = mock(MetricSource.class);
        when(sessionTimer.metrics()).thenReturn(List.of(
                Metric.counter("sipsm_session_timer_events_total", "", java.util.Map.of("event", "expired"), 3),
                Metric.counter("sipsm_session_timer_events_total", "", java.util.Map.of("event", "refreshed"), 9)));
        MetricSource host = mock(MetricSource.class);
        when(host.metrics()).thenReturn(List.of(Metric.gauge("sipsm_application_sessions", "",
                java.util.Map.of("application", "b2bua", "version", "1", "serving", "true"), 4)));
        DiagnoseCommand command = new DiagnoseCommand();
        command.sources = List.of(sessionTimer, host);
        command.resolver = resolver;
        command.session = session;

        command.execute();

        assertTrue(output().contains("4 application sessions on the host now"), output());
        assertTrue(output().contains("Symptom: calls cut at 30 min"), output());
        assertTrue(output().contains("seen:  3 calls ended because no session refresh came in time"), output());
        assertTrue(output().contains("check: SS_SIP_SESSION_UPDATE_SEGMENT = 4 (default)"), output());
        assertTrue(output().contains("Not fully checked: no early media: unknown, nothing publishes"
                + " sipsm_prack_timeouts_total, sipsm_prack_rejected_420_total"), output());
    }

    private SettingsCommand settings() {
        SettingsCommand command = new SettingsCommand();
        command.resolver = resolver;
        command.session = session;
        return command;
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
