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
    void aShortResendListEndsTheAttemptWhenItsWindowIsSpent() {
        // 0.5 + 1 + 2 = 3.5 s, before the 10 s INVITE timeout.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500), ms(1000), ms(2000)), 10);

        SetupDeadlines.Deadline calling = new SetupDeadlines(settings, 500).calling(true);

        assertEquals(new SetupDeadlines.Deadline(ms(3500), EndReason.RETRANSMISSIONS_SPENT), calling);
    }

    @Test
    void theRetryCountLimitsTheWindowToItsFirstValues() {
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, SipSettings.DEFAULTS.resendIntervals(), 2);

        assertEquals(ms(1500), new SetupDeadlines(settings, 500).retransmissionBudget());
    }

    @Test
    void aStackRetransmittingFasterThanTheListIsStoppedBeforeOneRetransmissionTooMany() {
        // List 0.1, 5, 5 (3 retransmissions over 10.1 s) maps to T1 = 100 ms: the stack sends at 0.1, 0.3, 0.7
        // and would send the fourth at 1.5 s, so the attempt ends half a T1 before.
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(100), ms(5000), ms(5000)), 3);

        assertEquals(ms(1450), new SetupDeadlines(settings, 100).retransmissionBudget());
        assertEquals(EndReason.RETRANSMISSIONS_SPENT, new SetupDeadlines(settings, 100).calling(true).reason());
    }

    @Test
    void overAReliableTransportOnlyTheInviteTimeoutApplies() {
        SipSettings settings = Fixtures.withResend(SipSettings.DEFAULTS, List.of(ms(500)), 1);

        assertEquals(new SetupDeadlines.Deadline(Duration.ofSeconds(10), EndReason.INVITE_TIMEOUT),
                new SetupDeadlines(settings, 500).calling(false));
    }
}
