package io.sipsm.b2bua.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.List;

import org.junit.jupiter.api.Test;

class RoutingSettingsTest {

    @Test
    void defaultsRouteToOneLocalGateway() {
        RoutingSettings settings = RoutingSettings.from(TestConfig.defaults());
        assertEquals(List.of(new Gateway("127.0.0.1", 5070, null)), settings.gateways());
        assertTrue(settings.failoverStatuses().contains(503));
        assertEquals("alice", settings.gatewayUser("alice"));
    }

    @Test
    void gatewaysKeepTheirOrderAndAcceptCommaSeparatedEntries() {
        RoutingSettings settings = RoutingSettings.from(
                TestConfig.defaults().withGateways("a.example:5060, b.example:5062;transport=tcp", "[::1]:5070"));
        assertEquals(List.of("a.example:5060", "b.example:5062;transport=tcp", "[::1]:5070"),
                settings.gateways().stream().map(Gateway::toString).toList());
    }

    @Test
    void invalidGatewayNamesKeyValueAndReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.from(TestConfig.defaults().withGateways("a.example:5060", "b.example:0")));
        assertEquals("Invalid io.sipsm.b2bua configuration: gateways = 'b.example:0':"
                + " port must be a number from 1 to 65535", e.getMessage());
    }

    @Test
    void noGatewayIsInvalid() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.from(TestConfig.defaults().withGateways(" , ")));
        assertTrue(e.getMessage().contains("gateways = ' , ': at least one gateway is needed"), e.getMessage());
    }

    @Test
    void invalidFailoverStatusesNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.from(TestConfig.defaults().withFailoverStatuses("408,5xx")));
        assertTrue(e.getMessage().startsWith("Invalid io.sipsm.b2bua configuration: failover.statuses = '408,5xx':"),
                e.getMessage());
    }

    @Test
    void userRewriteStripsThenPrefixes() {
        RoutingSettings settings = RoutingSettings.from(TestConfig.defaults().withUser(1, "#99"));
        assertEquals("#994930123", settings.gatewayUser("04930123"));
        assertEquals("#99", settings.gatewayUser(""));
        assertEquals("#99", settings.gatewayUser(null));
    }

    @Test
    void noUserGivesNoUserPart() {
        RoutingSettings settings = RoutingSettings.from(TestConfig.defaults().withUser(5, ""));
        assertNull(settings.gatewayUser("123"));
        assertNull(settings.gatewayUser(null));
    }

    @Test
    void invalidUserSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.from(TestConfig.defaults().withUser(-1, "")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RoutingSettings.from(TestConfig.defaults().withUser(0, "a@b")));
        assertTrue(e.getMessage().contains("user.prefix = 'a@b'"), e.getMessage());
    }

    @Test
    void settingsCanBeStoredInASession() throws IOException {
        RoutingSettings settings = RoutingSettings.from(TestConfig.defaults().withGateways("a:1", "b:2"));
        try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
            out.writeObject(settings);
        }
    }

    @Test
    void eachKeyIsReadOnItsOwnAndARefusedOneKeepsItsLastGoodValue() {
        RoutingSettings lastGood = RoutingSettings.from(TestConfig.defaults().withGateways("a.example:5060")
                .withUser(1, "00"));
        RoutingSettings.Reading reading = RoutingSettings.read(TestConfig.defaults().withGateways("b.example:0")
                .withUser(2, "bad prefix"), lastGood);
        assertEquals(List.of("gateways", "user.prefix"), reading.refusals().stream().map(RoutingSettings.Refusal::key)
                .toList());
        assertEquals(List.of("a.example:5060"), reading.settings().gateways().stream().map(Gateway::toString).toList());
        assertEquals(2, reading.settings().userStrip());
        assertEquals("00", reading.settings().userPrefix());
        assertEquals("b.example:0", RoutingSettings.valueOf(TestConfig.defaults().withGateways("b.example:0"),
                "gateways"));
    }

    @Test
    void aServletWithAStoredBadValueTakesLaterEditsOfOtherKeys() {
        RoutingB2buaServlet servlet = new RoutingB2buaServlet(TestConfig.defaults().withGateways("a.example:5060"),
                new CallFigures());
        servlet.modified(TestConfig.defaults().withGateways("a.example:5060").withFailoverStatuses("5xx"));
        servlet.modified(TestConfig.defaults().withGateways("a.example:5060").withFailoverStatuses("5xx")
                .withUser(0, "9"));
        assertEquals("9100", servlet.settings().gatewayUser("100"));
        assertTrue(servlet.settings().failoverStatuses().contains(503));
        // An edit bringing a bad value is refused whole.
        servlet.modified(TestConfig.defaults().withGateways("b.example:0").withFailoverStatuses("5xx")
                .withUser(0, "8"));
        assertEquals("9100", servlet.settings().gatewayUser("100"));
    }
}
