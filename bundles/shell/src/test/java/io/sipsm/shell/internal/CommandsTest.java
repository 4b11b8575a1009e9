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
import io.sipsm.host.PolicyCounters;
import io.sipsm.host.TransactionTimers;

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
    void diagnoseReadsEveryPolicysCountersAndNamesTheParameter() {
        when(resolver.global()).thenReturn(Fixtures.global());
        PolicyCounters sessionTimer = mock(PolicyCounters.class);
        when(sessionTimer.policy()).thenReturn("session-timer");
        when(sessionTimer.counters()).thenReturn(java.util.Map.of("expired", 3L, "keepalive.failed", 0L));
        DiagnoseCommand command = new DiagnoseCommand();
        command.policies = List.of(sessionTimer);
        command.resolver = resolver;
        command.session = session;

        command.execute();

        assertTrue(output().contains("Symptom: calls cut at 30 min"), output());
        assertTrue(output().contains("check: SS_SIP_SESSION_UPDATE_SEGMENT = 4 (default)"), output());
        assertTrue(output().contains("Not checked: no early media: the prack policy is not running"), output());
        assertTrue(output().contains("the SIP host is not running"), output());
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
