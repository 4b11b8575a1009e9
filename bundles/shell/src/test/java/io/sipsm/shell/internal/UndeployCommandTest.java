package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import io.sipsm.host.HostStatus;

class UndeployCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final UndeployCommand command = new UndeployCommand();

    UndeployCommandTest() {
        command.session = mock(Session.class);
        when(command.session.getConsole()).thenReturn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        command.host = mock(HostStatus.class);
        command.application = "b2bua";
        when(command.host.versions()).thenReturn(List.of(
                new HostStatus.ApplicationVersion("b2bua", 2, "sipsm-b2bua 1.1.0", true, 1),
                new HostStatus.ApplicationVersion("b2bua", 1, "sipsm-b2bua 1.0.0", false, 5)));
    }

    @Test
    void withoutForceOnlySaysWhatItWouldEnd() {
        command.execute();

        verify(command.host, never()).forceUndeploy(anyString());
        assertTrue(output().contains("1 older version(s) of b2bua kept for 5 calls; sipsm:undeploy --force b2bua"),
                output());
    }

    @Test
    void forcedSaysHowManyCallsItDropped() {
        when(command.host.forceUndeploy("b2bua")).thenReturn(new HostStatus.ForcedUndeploy("b2bua", 1, 5));
        command.force = true;

        command.execute();

        assertTrue(output().contains("Undeployed 1 older version(s) of b2bua: 5 calls dropped"), output());
    }

    @Test
    void theVersionServingIsNotUndeployed() {
        command.application = "echo";
        command.force = true;

        command.execute();

        verify(command.host, never()).forceUndeploy(anyString());
        assertTrue(output().contains("No older version of echo is deployed"), output());
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
