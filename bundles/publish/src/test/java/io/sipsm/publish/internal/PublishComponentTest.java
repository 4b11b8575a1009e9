package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.SipMessageInterceptor.Disposition;
import io.sipsm.host.testing.MemoryPolicyState;
import io.sipsm.host.testing.FakeMessage;

class PublishComponentTest {

    private static final String GW = "192.0.2.10";

    private final ManualTime time = new ManualTime();
    private final SettingsResolver resolver = mock(SettingsResolver.class);
    private final AtomicInteger tags = new AtomicInteger();
    private PublishComponent component;

    @BeforeEach
    void start() {
        when(resolver.resolve(any(NewCall.class))).thenReturn(Settings.publish(3600, true, null));
        component = new PublishComponent(resolver, TestConfig.allowing("192.0.2.0/24"), time.clock(), time,
                () -> "tag" + tags.incrementAndGet(), new MemoryPolicyState());
    }

    @Test
    void otherMethodsPass() {
        FakeMessage invite = Publishes.request("INVITE", GW);
        assertEquals(Disposition.PASS, component.incomingRequest(invite));
        assertNull(invite.answer());
    }

    @Test
    void publishIsAnsweredByTheHostAndConsumed() {
        FakeMessage publish = Publishes.initial(GW, 5070, 600);
        assertEquals(Disposition.CONSUME, component.incomingRequest(publish));
        assertEquals(200, publish.answer().status());
        assertEquals("tag1", publish.answer().headers().get("SIP-ETag"));
        assertEquals("600", publish.answer().headers().get("Expires"));
    }

    @Test
    void grantedExpiryFollowsTheTenantsPublishExpire() {
        when(resolver.resolve(new NewCall(null, GW, null))).thenReturn(Settings.publish(300, true, "acme"));
        FakeMessage publish = Publishes.initial(GW, 5070, 3600);
        component.incomingRequest(publish);
        assertEquals("300", publish.answer().headers().get("Expires"));
        assertEquals("acme", component.gateways().get(0).tenant());
    }

    @Test
    void sourceOutsideTheAllowedListIsForbidden() {
        FakeMessage publish = Publishes.initial("203.0.113.5", 5070, 600);
        assertEquals(Disposition.CONSUME, component.incomingRequest(publish));
        assertEquals(403, publish.answer().status());
        assertTrue(component.gateways().isEmpty());
    }

    @Test
    void malformedPublishGets400NamingTheProblem() {
        FakeMessage publish = Publishes.initial(GW, 5070, 600).without("Event");
        assertEquals(Disposition.CONSUME, component.incomingRequest(publish));
        assertEquals(489, publish.answer().status());
        assertEquals("Bad Event", publish.answer().reason());
        FakeMessage badExpires = Publishes.initial(GW, 5070, null).with("Expires", "soon");
        component.incomingRequest(badExpires);
        assertEquals("Malformed Expires Header", badExpires.answer().reason());
        FakeMessage badTag = Publishes.initial(GW, 5070, 600).with("SIP-If-Match", "a b");
        component.incomingRequest(badTag);
        assertEquals("Malformed SIP-If-Match Header", badTag.answer().reason());
    }

    @Test
    void tooShortExpiresGets423WithTheConfiguredMinimum() {
        component.modified(TestConfig.allowing("192.0.2.0/24").withMinExpires(120));
        FakeMessage publish = Publishes.initial(GW, 5070, 119);
        component.incomingRequest(publish);
        assertEquals(423, publish.answer().status());
        assertEquals("120", publish.answer().headers().get("Min-Expires"));
    }

    @Test
    void expiryTakesTheGatewayOutOfRoutingAndANewPublishBringsItBack() {
        assertTrue(component.isAvailable(GW, 5070));
        component.incomingRequest(Publishes.initial(GW, 5070, 60));
        time.advance(Duration.ofSeconds(60));
        assertFalse(component.isAvailable(GW, 5070));
        assertTrue(component.isAvailable(GW, 5060), "another port is another gateway");
        assertTrue(component.isAvailable("192.0.2.11", 5070), "never heard from");
        component.incomingRequest(Publishes.initial(GW, 5070, 60));
        assertTrue(component.isAvailable(GW, 5070));
    }

    @Test
    void switchedOffThePublishGoesOnAndAvailabilityIsUnaffected() {
        component.incomingRequest(Publishes.initial(GW, 5070, 60));
        time.advance(Duration.ofSeconds(60));
        when(resolver.resolve(any(NewCall.class))).thenReturn(Settings.publish(3600, false, null));
        assertTrue(component.isAvailable(GW, 5070));
        FakeMessage publish = Publishes.initial(GW, 5070, 60);
        assertEquals(Disposition.PASS, component.incomingRequest(publish));
        assertNull(publish.answer());
    }

    @Test
    void unusableGatewayNamesAreAvailable() {
        assertTrue(component.isAvailable("", 5060));
        assertTrue(component.isAvailable("gw.example.net", 0));
    }

    @Test
    void invalidChangeKeepsTheLastGoodSettings() {
        component.modified(TestConfig.allowing("not-an-address"));
        FakeMessage publish = Publishes.initial(GW, 5070, 600);
        component.incomingRequest(publish);
        assertEquals(200, publish.answer().status());
    }

    @Test
    void aGatewayNoLongerAllowedIsForgotten() {
        component.incomingRequest(Publishes.initial(GW, 5070, 60));
        time.advance(Duration.ofSeconds(60));
        component.modified(TestConfig.allowing("198.51.100.0/24"));
        assertTrue(component.isAvailable(GW, 5070));
        assertTrue(component.gateways().isEmpty());
        assertEquals(0, time.pending());
    }

    @Test
    void aValueRefusedAtActivationTakesItsDefaultNobodyMayPublish() {
        ManualTime other = new ManualTime();
        PublishComponent started = new PublishComponent(resolver, TestConfig.allowing("nonsense"), other.clock(),
                other, () -> "x", new MemoryPolicyState());
        FakeMessage publish = Publishes.initial(GW, 5070, 600);
        started.incomingRequest(publish);
        assertEquals(403, publish.answer().status());
        started.deactivate();
    }

    @Test
    void aStoredRefusedValueDoesNotBlockLaterEditsOfOtherKeys() {
        component.modified(TestConfig.allowing("192.0.2.0/24", "not-an-address"));
        // The next edit changes min.expires only; the refused allowed.sources is still stored.
        component.modified(TestConfig.allowing("192.0.2.0/24", "not-an-address").withMinExpires(300));
        FakeMessage shortLived = Publishes.initial(GW, 5070, 120);
        component.incomingRequest(shortLived);
        assertEquals(423, shortLived.answer().status());
        FakeMessage allowed = Publishes.initial(GW, 5070, 600);
        component.incomingRequest(allowed);
        assertEquals(200, allowed.answer().status());
    }

    @Test
    void anEditBringingABadValueIsRefusedWhole() {
        component.modified(TestConfig.allowing("not-an-address").withMinExpires(300));
        FakeMessage shortLived = Publishes.initial(GW, 5070, 120);
        component.incomingRequest(shortLived);
        assertEquals(200, shortLived.answer().status());
    }

    @Test
    void deactivateCancelsEveryExpiry() {
        component.incomingRequest(Publishes.initial(GW, 5070, 600));
        component.incomingRequest(Publishes.initial("192.0.2.11", 5070, 600));
        component.deactivate();
        assertEquals(0, time.pending());
    }
}
