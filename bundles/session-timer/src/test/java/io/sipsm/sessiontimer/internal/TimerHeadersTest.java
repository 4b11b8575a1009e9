package io.sipsm.sessiontimer.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import io.sipsm.host.testing.FakeMessage;

class TimerHeadersTest {

    @Test
    void offerReplacesCopiedValuesInsteadOfAddingToThem() {
        FakeMessage invite = FakeMessage.request("INVITE", "b").with("Session-Expires", "30;refresher=uas")
                .with("Session-Expires", "45").with("Min-SE", "30").with("Supported", "100rel");
        TimerHeaders.offer(invite, SessionExpires.of(Duration.ofSeconds(1800), Refresher.UAC), Duration.ofSeconds(90));
        assertEquals(List.of("1800;refresher=uac"), invite.raw("Session-Expires"));
        assertEquals(List.of("90"), invite.raw("Min-SE"));
        assertEquals(List.of("100rel", "timer"), invite.headers("Supported"));
    }

    @Test
    void answerSetsRequireTimerOnlyForAPeerThatSupportsIt() {
        FakeMessage ok = FakeMessage.response(200, "INVITE", "a").with("Require", "100rel, timer");
        TimerHeaders.answer(ok, SessionExpires.of(Duration.ofSeconds(90), Refresher.UAS), false);
        assertEquals(List.of("100rel"), ok.headers("Require"));
        TimerHeaders.answer(ok, SessionExpires.of(Duration.ofSeconds(90), Refresher.UAS), true);
        assertEquals(List.of("100rel", "timer"), ok.headers("Require"));
        assertEquals("90;refresher=uas", ok.header("Session-Expires"));
    }

    @Test
    void stripRemovesEveryTimerHeader() {
        FakeMessage invite = FakeMessage.request("INVITE", "b").with("Session-Expires", "90").with("Min-SE", "90")
                .with("Supported", "timer").with("Require", "timer");
        TimerHeaders.strip(invite);
        assertNull(invite.header("Session-Expires"));
        assertNull(invite.header("Min-SE"));
        assertNull(invite.header("Supported"));
        assertNull(invite.header("Require"));
    }

    @Test
    void domainComesFromTheFirstSipUri() {
        assertEquals("acme.example.com", TimerHeaders.domainOf("\"Bob\" <sip:bob@Acme.Example.com:5080;transport=udp>;tag=1"));
        assertEquals("acme.example.com", TimerHeaders.domainOf("<sips:bob@acme.example.com>"));
        assertEquals("192.0.2.1", TimerHeaders.domainOf("sip:192.0.2.1"));
        assertEquals("[2001:db8::1]", TimerHeaders.domainOf("<sip:bob@[2001:db8::1]:5060>"));
        assertNull(TimerHeaders.domainOf("<tel:+15551234>"));
        assertNull(TimerHeaders.domainOf(null));
    }
}
