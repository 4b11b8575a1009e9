package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;

import org.junit.jupiter.api.Test;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.setuptimeouts.internal.GatewayAttempt.Phase;

class GatewayAttemptTest {

    private final GatewayAttempt attempt = new GatewayAttempt(mock(CallLeg.class));

    @Test
    void tryingThenRinging() {
        assertEquals(Phase.CALLING, attempt.phase());
        assertEquals(Phase.TRYING, attempt.provisional(100));
        assertEquals(Phase.RINGING, attempt.provisional(180));
    }

    @Test
    void ringingStraightFromCallingAndA183CountsAsRinging() {
        assertEquals(Phase.RINGING, attempt.provisional(183));
    }

    @Test
    void laterProvisionalsDoNotRestartTheRingingTimeout() {
        attempt.provisional(180);

        assertNull(attempt.provisional(180), "a gateway repeating 180 must not ring forever");
        assertNull(attempt.provisional(183));
        assertNull(attempt.provisional(100));
        assertEquals(Phase.RINGING, attempt.phase());
    }

    @Test
    void aRepeated100ChangesNothing() {
        attempt.provisional(100);

        assertNull(attempt.provisional(100));
    }

    @Test
    void finishCancelsTheTimer() {
        PolicyScheduler.Scheduled timer = mock(PolicyScheduler.Scheduled.class);
        attempt.arm(timer);

        attempt.finish();

        verify(timer).cancel();
        assertFalse(attempt.isPending());
    }

    @Test
    void armingAgainCancelsThePreviousTimer() {
        PolicyScheduler.Scheduled first = mock(PolicyScheduler.Scheduled.class);
        attempt.arm(first);

        attempt.arm(mock(PolicyScheduler.Scheduled.class));

        verify(first).cancel();
    }
}
