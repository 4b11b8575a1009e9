package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.config.SipSettings;

class SetupDeadlinesTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    @Test
    void defaultsGiveUpASilentGatewayAtTheInviteTimeout() {
        SetupDeadlines deadlines = new SetupDeadlines(SipSettings.DEFAULTS, 500);

        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(10), EndReason.INVITE_TIMEOUT),
                deadlines.calling(true));
        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(20), EndReason.TRYING_TIMEOUT), deadlines.trying());
        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(120), EndReason.RINGING_TIMEOUT),
                deadlines.ringing());
    }

    @Test
    void aShortResendListEndsTheAttemptHalfItsLastWaitAfterTheLastCopy() {
        // Copies at 0.5, 1.5, 3.5 s; the host would time the INVITE out at 5.5 s (the last value again), the
        // policy ends it at 4.5 s, before the 10 s INVITE timeout.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500), ms(1000), ms(2000)), 10);

        SetupDeadlines.Deadline calling = new SetupDeadlines(settings, 500).calling(true);

        assertEquals(new SetupDeadlines.Deadline(ms(4500), EndReason.RETRANSMISSIONS_SPENT), calling);
        assertEquals(ms(5500), new SetupDeadlines(settings, 500).resendSchedule().timeout());
    }

    @Test
    void theRetryCountCutsTheListAndTheNextValueIsTheLastCopysWait() {
        // Copies at 0.5 and 1.5 s; the third value (2 s) is the last copy's wait: 1.5 + 1 s.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, SipSettings.DEFAULTS.resendIntervals(), 2);

        assertEquals(ms(2500), new SetupDeadlines(settings, 500).retransmissionBudget());
        assertEquals(2, new SetupDeadlines(settings, 500).resendSchedule().retransmissions());
    }

    @Test
    void theListDecidesNotTheHostsT1() {
        // List 0.1, 5, 5: copies at 0.1, 5.1, 10.1 s whatever T1 the global list gave the host; 10.1 + 2.5 s
        // is past the 10 s INVITE timeout, which ends the attempt.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(100), ms(5000), ms(5000)), 3);

        assertEquals(ms(12_600), new SetupDeadlines(settings, 100).retransmissionBudget());
        assertEquals(EndReason.INVITE_TIMEOUT, new SetupDeadlines(settings, 100).calling(true).reason());
    }

    @Test
    void overAReliableTransportOnlyTheInviteTimeoutApplies() {
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500)), 1);

        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(10), EndReason.INVITE_TIMEOUT),
                new SetupDeadlines(settings, 500).calling(false));
    }
}
