package io.sipsm.publish.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import io.sipsm.host.testing.FakeMessage;

class PublishParserTest {

    @Test
    void initialPublication() throws Exception {
        PublishRequest request = PublishParser.parse(Publishes.initial("192.0.2.10", 5070, 600));
        assertEquals(GatewayAddress.of("192.0.2.10", 5070), request.gateway());
        assertEquals("presence", request.event());
        assertNull(request.ifMatch());
        assertEquals(OptionalLong.of(600), request.expires());
        assertTrue(request.hasBody());
        assertFalse(request.isUpdate());
    }

    @Test
    void refreshWithoutBodyOrExpires() throws Exception {
        FakeMessage publish = Publishes.initial("192.0.2.10", 5070, null).body("").with("SIP-If-Match", " dx200xyz ");
        PublishRequest request = PublishParser.parse(publish);
        assertEquals("dx200xyz", request.ifMatch());
        assertEquals(OptionalLong.empty(), request.expires());
        assertFalse(request.hasBody());
        assertTrue(request.isUpdate());
    }

    @Test
    void eventParametersAreIgnoredAndThePackageLowerCased() throws Exception {
        assertEquals("presence", PublishParser.event("Presence;id=7"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "pres ence", "a/b"})
    void malformedEvent(String value) {
        assertEquals(value.isBlank() ? "Bad Event" : "Malformed Event Header",
                assertThrows(MalformedPublishException.class, () -> PublishParser.event(value)).getMessage());
    }

    @Test
    void missingEvent() {
        FakeMessage publish = Publishes.initial("192.0.2.10", 5070, 600).without("Event");
        MalformedPublishException refused = assertThrows(MalformedPublishException.class, () -> PublishParser.parse(publish));
        assertEquals(489, refused.status(), "RFC 3903: no Event is a Bad Event");
        assertEquals("Bad Event", refused.getMessage());
    }

    @Test
    void ifMatchMustBeOneToken() {
        assertThrows(MalformedPublishException.class, () -> PublishParser.ifMatch(List.of("a", "b")));
        assertThrows(MalformedPublishException.class, () -> PublishParser.ifMatch(List.of("")));
        assertThrows(MalformedPublishException.class, () -> PublishParser.ifMatch(List.of("a b")));
        assertThrows(MalformedPublishException.class, () -> PublishParser.ifMatch(List.of("\"quoted\"")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-1", "ten", "1.5", "60 s", "0x10"})
    void malformedExpires(String value) {
        assertEquals("Malformed Expires Header",
                assertThrows(MalformedPublishException.class, () -> PublishParser.expires(value)).getMessage());
    }

    @Test
    void hugeExpiresMeansTheLargestDeltaSeconds() throws Exception {
        assertEquals(OptionalLong.of(4_294_967_295L), PublishParser.expires("99999999999999999999"));
        assertEquals(OptionalLong.of(0), PublishParser.expires(" 0 "));
    }

    @Test
    void viaPort() throws Exception {
        assertEquals(5070, PublishParser.viaPort("SIP/2.0/UDP 192.0.2.10:5070;branch=z9hG4bK1;rport"));
        assertEquals(5060, PublishParser.viaPort("SIP/2.0/UDP gw.example.net;branch=z9hG4bK1"));
        assertEquals(5061, PublishParser.viaPort("SIP/2.0/TLS gw.example.net;branch=z9hG4bK1"));
        assertEquals(5080, PublishParser.viaPort("SIP / 2.0 / TCP [2001:db8::1]:5080;branch=z9hG4bK1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "SIP/2.0/UDP", "SIP/2.0/UDP 192.0.2.10:0", "SIP/2.0/UDP 192.0.2.10:70000"})
    void malformedVia(String value) {
        assertEquals("Malformed Via Header",
                assertThrows(MalformedPublishException.class, () -> PublishParser.viaPort(value)).getMessage());
    }

    @Test
    void missingVia() {
        assertThrows(MalformedPublishException.class, () -> PublishParser.viaPort(null));
    }
}
