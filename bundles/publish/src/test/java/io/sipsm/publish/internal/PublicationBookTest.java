package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.sipsm.gateway.GatewayStatus;
import io.sipsm.gateway.GatewayStatus.State;
import io.sipsm.host.testing.MemoryPolicyState;

class PublicationBookTest {

    private static final GatewayAddress GW = GatewayAddress.of("192.0.2.10", 5060);
    private static final GatewayAddress OTHER = GatewayAddress.of("192.0.2.11", 5060);
    /** SS_SIP_PUBLISH_EXPIRE 3600 s, minimum 60 s. */
    private static final PublicationTerms TERMS =
            new PublicationTerms(Duration.ofSeconds(3600), Duration.ofSeconds(60), null);

    private final ManualTime time = new ManualTime();
    private final AtomicInteger tags = new AtomicInteger();
    private final MemoryPolicyState kept = new MemoryPolicyState();
    private final PublicationBook book = new PublicationBook(time.clock(), time, () -> "tag" + tags.incrementAndGet(),
            kept);

    /** The book of the bundle's next revision, after this one stopped: what the host kept, taken up. */
    private PublicationBook nextRevision(int expectedGateways) {
        book.clear();
        PublicationBook next = new PublicationBook(time.clock(), time, () -> "next" + tags.incrementAndGet(), kept);
        assertEquals(expectedGateways, next.restore());
        return next;
    }

    @Test
    void aPublicationTakenUpByTheNextRevisionExpiresWhenItWouldHaveAndItsTagStillMatches() {
        book.publish(initial(GW, 600), TERMS);
        time.advance(Duration.ofSeconds(100));
        PublicationBook next = nextRevision(1);
        assertTrue(next.isAvailable(GW));
        assertEquals(1, time.pending(), "one expiry armed, the old revision's cancelled");
        time.advance(Duration.ofSeconds(499));
        assertTrue(next.isAvailable(GW));
        time.advance(Duration.ofSeconds(1));
        assertFalse(next.isAvailable(GW), "expired 600 s after publishing, the update notwithstanding");
        assertEquals(200, next.publish(initial(GW, 600), TERMS).status());
    }

    @Test
    void aRefreshAfterTheUpdateMatchesTheTagIssuedBeforeIt() {
        book.publish(initial(GW, 600), TERMS);
        PublicationBook next = nextRevision(1);
        assertEquals(200, next.publish(refresh(GW, "tag1", 600), TERMS).status());
    }

    @Test
    void anUnavailableGatewayStaysUnavailableAcrossTheUpdate() {
        book.publish(initial(GW, 60), TERMS);
        book.publish(initial(OTHER, 600), TERMS);
        time.advance(Duration.ofSeconds(60));
        assertFalse(book.isAvailable(GW));
        PublicationBook next = nextRevision(2);
        assertFalse(next.isAvailable(GW));
        assertTrue(next.isAvailable(OTHER));
    }

    @Test
    void aPublicationThatRanOutWhileNoRevisionRanExpiresAtOnce() {
        book.publish(initial(GW, 60), TERMS);
        book.clear();
        time.advance(Duration.ofSeconds(90));
        PublicationBook next = new PublicationBook(time.clock(), time, () -> "x", kept);
        next.restore();
        time.advance(Duration.ZERO);
        assertFalse(next.isAvailable(GW));
    }

    @Test
    void aRecordOfAnotherFormatIsDroppedNotGuessed() {
        kept.put("192.0.2.10:5060", Map.of("v", "9"));
        PublicationBook next = new PublicationBook(time.clock(), time, () -> "x", kept);
        assertEquals(0, next.restore());
        assertTrue(kept.records().isEmpty());
        assertTrue(next.isAvailable(GW));
    }

    @Test
    void newPublicationIsAcceptedWithAnEntityTagAndTheRequestedExpiry() {
        PublishAnswer answer = book.publish(initial(GW, 600), TERMS);
        assertEquals(200, answer.status());
        assertEquals(Map.of("SIP-ETag", "tag1", "Expires", "600"), answer.headers());
        assertTrue(book.isAvailable(GW));
        assertEquals(1, time.pending());
    }

    @Test
    void grantedExpiryIsCappedAtPublishExpire() {
        assertEquals("3600", book.publish(initial(GW, 7200), TERMS).headers().get("Expires"));
    }

    @Test
    void withoutExpiresThePublishExpireIsGranted() {
        assertEquals("3600", book.publish(initial(GW, null), TERMS).headers().get("Expires"));
    }

    @Test
    void tooShortExpiresIsRefusedWithMinExpires() {
        PublishAnswer answer = book.publish(initial(GW, 59), TERMS);
        assertEquals(423, answer.status());
        assertEquals(Map.of("Min-Expires", "60"), answer.headers());
        assertFalse(book.knows(GW));
        assertEquals(0, time.pending());
    }

    @Test
    void minimumAboveThePublishExpireIsLoweredToIt() {
        PublicationTerms terms = new PublicationTerms(Duration.ofSeconds(60), Duration.ofSeconds(120), null);
        assertEquals(200, book.publish(initial(GW, 60), terms).status());
        assertEquals("60", book.publish(initial(OTHER, 59), terms).headers().get("Min-Expires"));
    }

    @Test
    void refreshGetsANewTagAndRestartsTheExpiry() {
        book.publish(initial(GW, 600), TERMS);
        time.advance(Duration.ofSeconds(500));
        PublishAnswer refresh = book.publish(refresh(GW, "tag1", 600), TERMS);
        assertEquals(200, refresh.status());
        assertEquals(Map.of("SIP-ETag", "tag2", "Expires", "600"), refresh.headers());
        assertEquals(1, time.pending(), "the first expiry was cancelled");
        time.advance(Duration.ofSeconds(599));
        assertTrue(book.isAvailable(GW));
        time.advance(Duration.ofSeconds(1));
        assertFalse(book.isAvailable(GW));
    }

    @Test
    void theTagBeforeARefreshIsUnknownAfterIt() {
        book.publish(initial(GW, 600), TERMS);
        book.publish(refresh(GW, "tag1", 600), TERMS);
        assertEquals(412, book.publish(refresh(GW, "tag1", 600), TERMS).status());
    }

    @Test
    void unknownTagIsRefused412() {
        PublishAnswer answer = book.publish(refresh(GW, "never-issued", 600), TERMS);
        assertEquals(412, answer.status());
        assertEquals("Conditional Request Failed", answer.reason());
        assertFalse(book.knows(GW));
    }

    @Test
    void anotherGatewaysTagIsUnknown() {
        book.publish(initial(GW, 600), TERMS);
        assertEquals(412, book.publish(refresh(OTHER, "tag1", 600), TERMS).status());
    }

    @Test
    void tooShortRefreshIs423BeforeTheTagIsChecked() {
        // RFC 3903 section 6: Expires (step 3) is judged before SIP-If-Match (step 4).
        assertEquals(423, book.publish(refresh(GW, "unknown", 10), TERMS).status());
    }

    @Test
    void expiresZeroRemovesThePublicationAndTheGatewayTakesNoCalls() {
        book.publish(initial(GW, 600), TERMS);
        PublishAnswer removal = book.publish(refresh(GW, "tag1", 0), TERMS);
        assertEquals(200, removal.status());
        assertEquals("0", removal.headers().get("Expires"));
        assertEquals(0, time.pending());
        assertFalse(book.isAvailable(GW));
        assertEquals(State.WITHDRAWN, book.gateways().get(0).state());
        assertEquals(412, book.publish(refresh(GW, "tag1", 600), TERMS).status());
    }

    @Test
    void removalWithoutTagOrInitialWithoutBodyIsBadRequest() {
        assertEquals(400, book.publish(initial(GW, 0), TERMS).status());
        PublishRequest empty = new PublishRequest(GW, "presence", null, OptionalLong.of(600), false);
        assertEquals(400, book.publish(empty, TERMS).status());
        assertFalse(book.knows(GW));
    }

    @Test
    void refreshWithoutBodyIsFine() {
        book.publish(initial(GW, 600), TERMS);
        PublishRequest refresh = new PublishRequest(GW, "presence", "tag1", OptionalLong.empty(), false);
        assertEquals("3600", book.publish(refresh, TERMS).headers().get("Expires"));
    }

    @Test
    void expiryMarksTheGatewayUnavailableAtTheGrantedTime() {
        book.publish(initial(GW, 120), TERMS);
        time.advance(Duration.ofSeconds(119));
        assertTrue(book.isAvailable(GW));
        time.advance(Duration.ofSeconds(1));
        assertFalse(book.isAvailable(GW));
        GatewayStatus status = book.gateways().get(0);
        assertEquals(State.EXPIRED, status.state());
        assertEquals(ManualTime.START.plusSeconds(120), status.expires());
        assertEquals(0, time.pending());
    }

    @Test
    void anExpiredPublicationCannotBeRefreshedButANewOneMakesTheGatewayAvailable() {
        book.publish(initial(GW, 120), TERMS);
        time.advance(Duration.ofSeconds(120));
        assertEquals(412, book.publish(refresh(GW, "tag1", 120), TERMS).status());
        assertFalse(book.isAvailable(GW));
        assertEquals(200, book.publish(initial(GW, 120), TERMS).status());
        assertTrue(book.isAvailable(GW));
    }

    @Test
    void aNewPublicationReplacesTheGatewaysPreviousOne() {
        book.publish(initial(GW, 600), TERMS);
        book.publish(initial(GW, 600), TERMS);
        assertEquals(1, time.pending());
        assertEquals(412, book.publish(refresh(GW, "tag1", 600), TERMS).status());
        assertEquals(200, book.publish(refresh(GW, "tag2", 600), TERMS).status());
    }

    @Test
    void gatewaysNeverHeardFromAreAvailable() {
        assertTrue(book.isAvailable(GW));
        assertTrue(book.gateways().isEmpty());
    }

    @Test
    void gatewaysAreListedWithStateAgeExpiryAndTenant() {
        book.publish(initial(OTHER, 600), new PublicationTerms(Duration.ofSeconds(3600), Duration.ofSeconds(60), "acme"));
        time.advance(Duration.ofSeconds(10));
        book.publish(initial(GW, 60), TERMS);
        time.advance(Duration.ofSeconds(60));
        List<GatewayStatus> gateways = book.gateways();
        assertEquals(List.of(
                new GatewayStatus("192.0.2.10", 5060, State.EXPIRED, ManualTime.START.plusSeconds(10),
                        ManualTime.START.plusSeconds(70), null),
                new GatewayStatus("192.0.2.11", 5060, State.PUBLISHED, ManualTime.START,
                        ManualTime.START.plusSeconds(600), "acme")), gateways);
    }

    @Test
    void forgottenGatewaysAreAvailableAndTheirExpiryIsCancelled() {
        book.publish(initial(GW, 60), TERMS);
        book.publish(initial(OTHER, 60), TERMS);
        time.advance(Duration.ofSeconds(60));
        book.retainOnly(gateway -> gateway.equals(OTHER));
        assertTrue(book.isAvailable(GW));
        assertFalse(book.knows(GW));
        assertFalse(book.isAvailable(OTHER));
    }

    @Test
    void clearCancelsEveryExpiry() {
        book.publish(initial(GW, 600), TERMS);
        book.publish(initial(OTHER, 600), TERMS);
        book.clear();
        assertEquals(0, time.pending());
        assertTrue(book.gateways().isEmpty());
    }

    @Test
    void manyRefreshesLeaveOneTimer() {
        book.publish(initial(GW, 600), TERMS);
        String tag = "tag1";
        for (int i = 0; i < 1000; i++) {
            PublishAnswer answer = book.publish(refresh(GW, tag, 600), TERMS);
            assertNotEquals(tag, answer.headers().get("SIP-ETag"));
            tag = answer.headers().get("SIP-ETag");
            time.advance(Duration.ofSeconds(300));
        }
        assertEquals(1, time.pending());
        assertTrue(book.isAvailable(GW));
    }

    private static PublishRequest initial(GatewayAddress gateway, Integer expires) {
        return new PublishRequest(gateway, "presence", null,
                expires == null ? OptionalLong.empty() : OptionalLong.of(expires), true);
    }

    private static PublishRequest refresh(GatewayAddress gateway, String tag, int expires) {
        return new PublishRequest(gateway, "presence", tag, OptionalLong.of(expires), false);
    }
}
