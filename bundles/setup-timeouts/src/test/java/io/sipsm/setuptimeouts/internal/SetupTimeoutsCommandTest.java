package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;

import org.apache.karaf.shell.api.console.Session;
import org.junit.jupiter.api.Test;

class SetupTimeoutsCommandTest {

    @Test
    void printsACountPerReasonAndTheCallsFollowed() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Session session = mock(Session.class);
        when(session.getConsole()).thenReturn(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        SetupTimeoutStatistics statistics = mock(SetupTimeoutStatistics.class);
        Map<EndReason, Long> counts = new EnumMap<>(EndReason.class);
        for (EndReason reason : EndReason.values()) {
            counts.put(reason, 0L);
        }
        counts.put(EndReason.RINGING_TIMEOUT, 7L);
        when(statistics.endCounts()).thenReturn(counts);
        when(statistics.activeCalls()).thenReturn(3);
        when(statistics.capacity()).thenReturn(100_000);
        SetupTimeoutsCommand command = new SetupTimeoutsCommand();
        command.statistics = statistics;
        command.session = session;

        command.execute();

        String out = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(out.matches("(?s).*ringing timeout\\s*\\|\\s*7\\s*\\|\\s*yes.*"), out);
        assertTrue(out.contains("early hangup"), out);
        assertTrue(out.contains("Calls followed now: 3 of at most 100000"), out);
    }
}
