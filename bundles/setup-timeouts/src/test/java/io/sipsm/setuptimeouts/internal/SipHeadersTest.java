package io.sipsm.setuptimeouts.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SipHeadersTest {

    @Test
    void hostOfANameAddress() {
        assertEquals("acme.example.com", SipHeaders.host("\"Bob\" <sip:bob@Acme.Example.com:5060;user=phone>;tag=1"));
        assertEquals("acme.example.com", SipHeaders.host("sip:acme.example.com"));
        assertEquals("[2001:db8::1]", SipHeaders.host("<sips:bob@[2001:db8::1]:5061>"));
        assertNull(SipHeaders.host(null));
        assertNull(SipHeaders.host("garbage"));
    }

    @Test
    void toTag() {
        assertTrue(SipHeaders.hasTag("<sip:bob@h>;tag=abc"));
        assertTrue(SipHeaders.hasTag("<sip:bob@h>; TAG = abc"));
        assertFalse(SipHeaders.hasTag("<sip:bob@h;tag=in-uri-params-only>".replace(";tag=in-uri-params-only", "")));
        assertFalse(SipHeaders.hasTag(null));
    }

    @Test
    void transportOfTheTopVia() {
        assertTrue(SipHeaders.isUdp("SIP/2.0/UDP 127.0.0.1:5060;branch=z9hG4bK1"));
        assertTrue(SipHeaders.isUdp(null));
        assertFalse(SipHeaders.isUdp("SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK1"));
        assertFalse(SipHeaders.isUdp("SIP/2.0/tls gw.example.com;branch=z9hG4bK1"));
    }
}
