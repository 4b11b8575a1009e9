package io.sipsm.b2bua;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;

import org.junit.jupiter.api.Test;

class FailoverDecisionTest {

    private final RoutingSettings threeGateways =
            RoutingSettings.from(TestConfig.defaults().withGateways("a:5060", "b:5060", "c:5060"));

    @Test
    void timeoutAndServerErrorsMoveToTheNextGateway() {
        assertEquals(OptionalInt.of(1), next(408, 0));
        assertEquals(OptionalInt.of(2), next(503, 1));
        assertEquals(OptionalInt.of(1), next(604, 0));
    }

    @Test
    void callRelatedFailuresGoBackToTheCaller() {
        assertEquals(OptionalInt.empty(), next(486, 0));
        assertEquals(OptionalInt.empty(), next(404, 0));
        assertEquals(OptionalInt.empty(), next(603, 0));
        assertEquals(OptionalInt.empty(), next(302, 0));
    }

    @Test
    void lastGatewayFailureGoesBackToTheCaller() {
        assertEquals(OptionalInt.empty(), next(503, 2));
    }

    @Test
    void noFailoverOnceAnsweredOrWhenTheCallerLeft() {
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, true, false));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, false, true));
    }

    @Test
    void emptyStatusListNeverFailsOver() {
        RoutingSettings never = RoutingSettings.from(
                TestConfig.defaults().withGateways("a:5060", "b:5060").withFailoverStatuses(""));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(never, 503, 0, false, false));
    }

    private OptionalInt next(int status, int attempt) {
        return FailoverDecision.nextGateway(threeGateways, status, attempt, false, false);
    }
}
