package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import java.util.Set;
import java.util.function.IntPredicate;

import org.junit.jupiter.api.Test;

class FailoverDecisionTest {

    private static final IntPredicate ALL = index -> true;
    private static final IntPredicate NONE = index -> false;

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
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, true, false, ALL));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, false, true, ALL));
    }

    @Test
    void emptyStatusListNeverFailsOver() {
        RoutingSettings never = RoutingSettings.from(
                TestConfig.defaults().withGateways("a:5060", "b:5060").withFailoverStatuses(""));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(never, 503, 0, false, false, ALL));
    }

    @Test
    void aNewCallStartsAtTheFirstAvailableGateway() {
        assertEquals(0, FailoverDecision.firstGateway(threeGateways, ALL));
        assertEquals(1, FailoverDecision.firstGateway(threeGateways, only(1, 2)));
        assertEquals(2, FailoverDecision.firstGateway(threeGateways, only(2)));
    }

    @Test
    void unavailableGatewaysAreSkippedInFailover() {
        assertEquals(OptionalInt.of(2), FailoverDecision.nextGateway(threeGateways, 503, 0, false, false, only(0, 2)));
        assertEquals(OptionalInt.of(2), FailoverDecision.nextGateway(threeGateways, 408, 0, false, false, only(2)));
    }

    @Test
    void noAvailableGatewayLeftSendsTheFailureToTheCaller() {
        // Gateway 0 is available and failed; 1 and 2 are known to be down: the caller hears of it now.
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, false, false, only(0)));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 1, false, false, only(0, 1)));
    }

    @Test
    void whenEveryGatewayIsUnavailableTheCallStillTriesThemInOrder() {
        assertEquals(0, FailoverDecision.firstGateway(threeGateways, NONE));
        assertEquals(OptionalInt.of(1), FailoverDecision.nextGateway(threeGateways, 503, 0, false, false, NONE));
        assertEquals(OptionalInt.of(2), FailoverDecision.nextGateway(threeGateways, 503, 1, false, false, NONE));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 2, false, false, NONE));
    }

    @Test
    void aGatewayBackDuringTheCallIsTheNextOne() {
        // Every gateway was down when the call started on 0; 2 published since, 1 did not.
        assertEquals(OptionalInt.of(2), FailoverDecision.nextGateway(threeGateways, 503, 0, false, false, only(2)));
    }

    @Test
    void unavailabilityNeverCausesFailoverByItself() {
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 486, 0, false, false, only(1)));
        assertEquals(OptionalInt.empty(), FailoverDecision.nextGateway(threeGateways, 503, 0, true, false, NONE));
    }

    @Test
    void followingSkipsUnavailableGatewaysAfterASendError() {
        assertEquals(OptionalInt.of(2), FailoverDecision.following(threeGateways, 0, only(2)));
        assertEquals(OptionalInt.empty(), FailoverDecision.following(threeGateways, 2, ALL));
    }

    private static IntPredicate only(Integer... indexes) {
        Set<Integer> available = Set.of(indexes);
        return available::contains;
    }

    private OptionalInt next(int status, int attempt) {
        return FailoverDecision.nextGateway(threeGateways, status, attempt, false, false, ALL);
    }
}
