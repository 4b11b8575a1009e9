package io.sipsm.host.internal.refusals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SipAddressesTest {

    @Test
    void readsTheUserOfFromValuesAsPhonesAndGatewaysSendThem() {
        assertEquals("alice", user("\"Alice Smith\" <sip:alice@a.example.com>;tag=1928301774"));
        assertEquals("alice", user("<sips:alice@a.example.com:5061;transport=tls>;tag=x"));
        assertEquals("+4930123", user("<sip:+4930123;npdi@gw.example.net>;tag=9"));
        assertEquals("1001", user("sip:1001:secret@10.0.0.1"));
        assertEquals("+4930123", user("<tel:+4930123;phone-context=example.com>;tag=2"));
        assertNull(user("<sip:a.example.com>;tag=3"), "no user part");
        assertNull(user("\"broken\" <sip:alice@a.example.com"), "no closing bracket");
        assertNull(user("http://a.example.com/"), "not a SIP URI");
        assertNull(user(null));
    }

    @Test
    void readsTheUserAndDomainOfARequestUri() {
        String uri = SipAddresses.uri("sip:4930123@Acme.Example.com:5060;user=phone");
        assertEquals("4930123", SipAddresses.user(uri));
        assertEquals("acme.example.com", SipAddresses.host(uri));
        assertEquals("[2001:db8::1]", SipAddresses.host("sip:bob@[2001:db8::1]:5060"));
        assertEquals("127.0.0.1", SipAddresses.host("sip:127.0.0.1"));
        assertNull(SipAddresses.host("tel:+4930123"));
    }

    private static String user(String fromValue) {
        return SipAddresses.user(SipAddresses.uri(fromValue));
    }
}
