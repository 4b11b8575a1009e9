package io.sipsm.host.internal.intake;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;

class OverloadValveTest {

    @Test
    void newCallsAndOutOfDialogRequestsAreInitial() throws ParseException {
        assertTrue(OverloadValve.isInitial(request("INVITE", "sip:alice@127.0.0.1", null)));
        assertTrue(OverloadValve.isInitial(request("REGISTER", "sip:127.0.0.1", null)));
        assertTrue(OverloadValve.isInitial(request("PUBLISH", "sip:alice@127.0.0.1", null)));
        assertTrue(OverloadValve.isInitial(request("OPTIONS", "sip:127.0.0.1", null)));
    }

    @Test
    void requestsOfAcceptedCallsAreNeverInitial() throws ParseException {
        assertFalse(OverloadValve.isInitial(request("INVITE", "sip:alice@127.0.0.1", "b1")));
        assertFalse(OverloadValve.isInitial(request("UPDATE", "sip:alice@127.0.0.1", "b1")));
        assertFalse(OverloadValve.isInitial(request("BYE", "sip:alice@127.0.0.1", "b1")));
        assertFalse(OverloadValve.isInitial(request("ACK", "sip:alice@127.0.0.1", null)));
        assertFalse(OverloadValve.isInitial(request("CANCEL", "sip:alice@127.0.0.1", null)));
        assertFalse(OverloadValve.isInitial(request("PRACK", "sip:alice@127.0.0.1", null)));
    }

    @Test
    void aKeepAliveIsAnOutOfDialogOptionsToTheHostItself() throws ParseException {
        assertTrue(OverloadValve.isKeepAlive(request("OPTIONS", "sip:127.0.0.1:5060", null)));
        assertFalse(OverloadValve.isKeepAlive(request("OPTIONS", "sip:alice@127.0.0.1", null)));
        assertFalse(OverloadValve.isKeepAlive(request("OPTIONS", "sip:127.0.0.1", "b1")));
        assertFalse(OverloadValve.isKeepAlive(request("INVITE", "sip:127.0.0.1", null)));
    }

    private static SIPRequest request(String method, String uri, String toTag) throws ParseException {
        String text = method + " " + uri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=a1\r\n"
                + "To: <" + uri + ">" + (toTag == null ? "" : ";tag=" + toTag) + "\r\n"
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(), true, false, null);
    }
}
