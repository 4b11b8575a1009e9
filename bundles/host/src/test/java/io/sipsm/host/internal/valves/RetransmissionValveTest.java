package io.sipsm.host.internal.valves;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.text.ParseException;
import java.util.Set;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.StringMsgParser;

import io.sipsm.host.internal.sip.Retransmissions;

class RetransmissionValveTest {

    @Test
    void aRequestWhoseServerTransactionIsHeldIsCountedAsACopyAndPassesOn() throws ParseException {
        Retransmissions counts = new Retransmissions();
        RetransmissionValve valve = new RetransmissionValve(counts);
        valve.init(Set.of("z9hg4bk-held", "z9hg4bk-held:cancel")::contains);

        assertTrue(valve.processRequest(request("INVITE", "z9hG4bK-new"), null));
        assertEquals(0, counts.receivedCount(), "a first INVITE");
        assertTrue(valve.processRequest(request("INVITE", "z9hG4bK-held"), null));
        assertTrue(valve.processRequest(request("BYE", "z9hG4bK-held"), null));
        assertTrue(valve.processRequest(request("CANCEL", "z9hG4bK-held"), null));
        assertEquals(3, counts.receivedCount(), "an INVITE, a BYE and a CANCEL sent again");
        assertTrue(valve.processRequest(request("ACK", "z9hG4bK-held"), null));
        assertEquals(3, counts.receivedCount(), "the ACK of a non-2xx shares its INVITE's branch");
        assertEquals(0, counts.sentCount());
    }

    @Test
    void withoutAStackNothingIsCounted() throws ParseException {
        Retransmissions counts = new Retransmissions();
        RetransmissionValve valve = new RetransmissionValve(counts);
        assertTrue(valve.processRequest(request("INVITE", "z9hG4bK-held"), null));
        assertEquals(0, counts.receivedCount());
    }

    private static SIPRequest request(String method, String branch) throws ParseException {
        String text = method + " sip:alice@127.0.0.1 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=" + branch + "\r\n"
                + "From: <sip:caller@127.0.0.1>;tag=a1\r\n"
                + "To: <sip:alice@127.0.0.1>\r\n"
                + "Call-ID: c1@127.0.0.1\r\n"
                + "CSeq: 1 " + method + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "Content-Length: 0\r\n\r\n";
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(), true, false, null);
    }
}
