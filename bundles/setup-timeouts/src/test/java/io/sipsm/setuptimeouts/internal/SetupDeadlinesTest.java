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
        // Copies at 0.5, 1.5, 3.5 s; given up at 3.5 + 2 / 2 = 4.5 s, before the 10 s INVITE timeout.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500), ms(1000), ms(2000)), 10);

        SetupDeadlines.Deadline calling = new SetupDeadlines(settings, 500).calling(true);

        assertEquals(new SetupDeadlines.Deadline(ms(4500), EndReason.RETRANSMISSIONS_SPENT), calling);
    }

    @Test
    void theRetryCountLimitsTheWindowToItsFirstValues() {
        // Two copies, at 0.5 and 1.5 s; the last wait is 1 s.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, SipSettings.DEFAULTS.resendIntervals(), 2);

        assertEquals(ms(2000), new SetupDeadlines(settings, 500).retransmissionBudget());
    }

    @Test
    void theBudgetDoesNotDependOnTheHostsT1() {
        // The host sends the call's own list whatever its T1: 0.1, 5.1, 10.1 s, given up at 12.6 s.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(100), ms(5000), ms(5000)), 3);

        assertEquals(ms(12_600), new SetupDeadlines(settings, 100).retransmissionBudget());
        assertEquals(ms(12_600), new SetupDeadlines(settings, 1000).retransmissionBudget());
    }

    @Test
    void overAReliableTransportOnlyTheInviteTimeoutApplies() {
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500)), 1);

        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(10), EndReason.INVITE_TIMEOUT),
                new SetupDeadlines(settings, 500).calling(false));
    }
}
