package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

import io.sipsm.host.HostDrain;
import io.sipsm.host.HostStatus;

class DrainCommandTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final DrainCommand command = new DrainCommand();
    private long now;

    DrainCommandTest() {
        command.session = mock(Session.class);
        when(command.session.getConsole()).thenReturn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        command.drain = mock(HostDrain.class);
        command.host = mock(HostStatus.class);
        command.pollEvery = Duration.ZERO;
        // Each reading of the clock is a second later: the waits are counted, not slept.
        command.nanoClock = () -> now += 1_000_000_000L;
    }

    @Test
    void drainsAndWaitsUntilTheLastCallHasEnded() {
        when(command.host.applications()).thenReturn(calls(2), calls(2), calls(1), calls(0));

        command.execute();

        verify(command.drain).drain();
        assertTrue(output().contains("Draining: new calls get 503, keep-alive OPTIONS 503; 2 calls up."), output());
        assertTrue(output().contains("1 calls up after"), output());
        assertTrue(output().contains("no call up"), output());
    }

    @Test
    void countsTheCallsOfAnOlderVersionKeptAfterAnUpdate() {
        when(command.host.versions()).thenReturn(List.of(
                new HostStatus.ApplicationVersion("b2bua", 2, "sipsm-b2bua 1.1.0", true, 1),
                new HostStatus.ApplicationVersion("b2bua", 1, "sipsm-b2bua 1.0.0", false, 5)));
        command.noWait = true;

        command.execute();

        assertTrue(output().contains("6 calls up."), output());
    }

    @Test
    void saysWhenTheLimitPassesWithCallsUp() {
        when(command.host.applications()).thenReturn(calls(3));
        command.timeoutSeconds = 5;

        command.execute();

        assertTrue(output().contains("Drain limit of 5 s passed with 3 calls up; stopping now would drop them."),
                output());
    }

    @Test
    void noWaitReturnsAtOnceAndCancelTakesCallsAgain() {
        when(command.host.applications()).thenReturn(calls(4));
        command.noWait = true;
        command.execute();
        verify(command.drain).drain();
        assertTrue(!output().contains("Drained") && !output().contains("limit"), output());

        DrainCommand cancel = new DrainCommand();
        cancel.session = command.session;
        cancel.drain = command.drain;
        cancel.host = command.host;
        cancel.cancel = true;
        cancel.execute();
        verify(command.drain).resume();
        assertTrue(output().contains("Taking new calls again; 4 calls up."), output());
    }

    @Test
    void withoutAHostNothingIsDrained() {
        HostDrain drain = command.drain;
        command.host = null;

        command.execute();

        verify(drain, never()).drain();
        assertTrue(output().contains("The SIP host is not running"), output());
    }

    private static List<HostStatus.Application> calls(int n) {
        return List.of(new HostStatus.Application("b2bua", List.of("INVITE"), "sipsm-b2bua", n));
    }

    private String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
