package io.sipsm.host.internal.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.parser.StringMsgParser;

class DatagramRequestTest {

    private static final String INVITE = "INVITE sip:alice@127.0.0.1:5060 SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-42-1-0\r\n"
            + "Via: SIP/2.0/UDP 10.0.0.9:5080;branch=z9hG4bKproxy, SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKfirst\r\n"
            + "From: sipp <sip:sipp@127.0.0.1:5061>;tag=42SIPpTag001\r\n"
            + "To: <sip:alice@127.0.0.1:5060>\r\n"
            + "Call-ID: 1-42@127.0.0.1\r\n"
            + "CSeq: 1 INVITE\r\n"
            + "Contact: sip:sipp@127.0.0.1:5061\r\n"
            + "Max-Forwards: 70\r\n"
            + "Content-Type: application/sdp\r\n"
            + "Content-Length: 13\r\n"
            + "\r\n"
            + "v=0\r\no=x 1 1\r\n";

    @Test
    void readsWhatTheStackReadsOfAnInitialInvite() throws Exception {
        DatagramRequest request = read(INVITE);
        SIPRequest parsed = parse(INVITE);

        assertTrue(request.isInvite());
        assertNull(request.toTag());
        assertEquals(parsed.getTransactionId(), request.transactionId());
        assertEquals(parsed.getCallId().getCallId(), request.callId());
        assertEquals(parsed.getRequestURI().toString(), request.requestUri());
        assertEquals("127.0.0.1", request.viaHost());
        assertEquals(5061, request.viaPort());
        assertEquals(2, request.otherVias().size());
    }

    @Test
    void theRefusalIsAResponseTheStackReadsAsOneToThisRequest() throws Exception {
        DatagramRequest request = read(INVITE);
        SIPResponse response = parseResponse(request.response(503, "Service Unavailable", "sipsm-ovl-1",
                "127.0.0.1", 5061, List.of("Retry-After: 5")));
        SIPRequest parsed = parse(INVITE);

        assertEquals(503, response.getStatusCode());
        assertEquals(parsed.getTransactionId(), response.getTransactionId());
        assertEquals(parsed.getFrom().getTag(), response.getFrom().getTag());
        assertEquals("sipsm-ovl-1", response.getTo().getTag());
        assertEquals(parsed.getCallId().getCallId(), response.getCallId().getCallId());
        assertEquals(1L, response.getCSeq().getSeqNumber());
        assertEquals("INVITE", response.getCSeq().getMethod());
        assertEquals(3, response.getViaHeaders().size());
        assertEquals("10.0.0.8", ((Via) response.getViaHeaders().getLast()).getHost());
        assertEquals(5, ((javax.sip.header.RetryAfterHeader) response.getHeader("Retry-After")).getRetryAfter());
        assertEquals(0, response.getContentLength().getContentLength());
        // Same host, no rport asked: the top Via goes back as it came.
        assertNull(response.getTopmostVia().getReceived());
        assertEquals(5061, request.responsePort(40000));
    }

    @Test
    void rportAndAnotherSourceAreMarkedOnTheTopVia() throws Exception {
        DatagramRequest request = read(INVITE.replace(";branch=z9hG4bK-42-1-0", ";rport;branch=z9hG4bK-42-1-0"));
        SIPResponse response = parseResponse(request.response(503, "Service Unavailable", "t", "192.0.2.7", 40000,
                List.of()));

        assertEquals("192.0.2.7", response.getTopmostVia().getReceived());
        assertEquals(40000, response.getTopmostVia().getRPort());
        assertEquals(40000, request.responsePort(40000));
    }

    @Test
    void compactFormsAndTheDefaultPortAreRead() {
        DatagramRequest request = read(INVITE.replace("Via: SIP/2.0/UDP 127.0.0.1:5061;", "v: SIP/2.0/udp 127.0.0.1;")
                .replace("From:", "f:").replace("To:", "t:").replace("Call-ID:", "i:"));

        assertEquals(5060, request.viaPort());
        assertEquals("1-42@127.0.0.1", request.callId());
    }

    @Test
    void theToTagOfAnInviteInADialogAndOfAnAckIsRead() {
        assertEquals("abc", read(INVITE.replace("To: <sip:alice@127.0.0.1:5060>",
                "To: Alice <sip:alice@127.0.0.1:5060;transport=udp> ; tag=abc")).toTag());
        DatagramRequest ack = read(INVITE.replace("INVITE sip:", "ACK sip:").replace("1 INVITE", "1 ACK")
                .replace("To: <sip:alice@127.0.0.1:5060>", "To: sip:alice@127.0.0.1;tag=sipsm-ovl-7"));
        assertFalse(ack.isInvite());
        assertEquals("sipsm-ovl-7", ack.toTag());
    }

    @Test
    void whatCannotBeReadWithCertaintyIsLeftToTheStack() {
        assertNull(read(INVITE.replace("INVITE sip:", "OPTIONS sip:")), "another method");
        assertNull(read(INVITE.replace("SIP/2.0/UDP 127.0.0.1:5061", "SIP/2.0/TCP 127.0.0.1:5061")), "not UDP");
        assertNull(read(INVITE.replace(";branch=z9hG4bK-42-1-0", ";maddr=224.0.0.1;branch=z9hG4bK-42-1-0")),
                "maddr");
        assertNull(read(INVITE.replace("branch=z9hG4bK-42-1-0", "branch=1")), "an RFC 2543 branch");
        assertNull(read(INVITE.replace("CSeq: 1 INVITE", "CSeq: 1 ACK")), "CSeq of another method");
        assertNull(read(INVITE.replace("Call-ID: 1-42@127.0.0.1\r\n", "")), "no Call-ID");
        assertNull(read(INVITE.replace("Call-ID: 1-42@127.0.0.1\r\n", "Call-ID: a\r\ni: b\r\n")), "two Call-IDs");
        assertNull(read(INVITE.replace("Max-Forwards: 70\r\n", "Max-Forwards:\r\n 70\r\n")), "a folded line");
        assertNull(read(INVITE.replace("To: <sip:alice@127.0.0.1:5060>", "To: \"A;tag=x\" <sip:alice@h>")),
                "a quoted display name");
        assertNull(read(INVITE.replace("To: <sip:alice@127.0.0.1:5060>", "To: <sip:alice@h>;tag=")), "empty tag");
        assertNull(read(INVITE.substring(0, INVITE.indexOf("\r\n\r\n"))), "no end of headers");
    }

    @Test
    void onlyInvitesAndAcksAreLookedAt() {
        assertTrue(mayBeRead(INVITE));
        assertTrue(mayBeRead("ACK sip:a@b SIP/2.0\r\n"));
        assertFalse(mayBeRead("BYE sip:a@b SIP/2.0\r\n"));
        assertFalse(mayBeRead("SIP/2.0 200 OK\r\n"));
        assertFalse(mayBeRead("ACK"));
    }

    @Test
    void anAckAndATagAreFoundInTheRawBytes() {
        byte[] ack = "xxACK sip:a@b SIP/2.0\r\nTo: <sip:a@b>;tag=sipsm-ovl-1f\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        assertTrue(DatagramRequest.isAck(ack, 2, ack.length - 2));
        assertFalse(DatagramRequest.isAck(ack, 0, ack.length));
        assertTrue(DatagramRequest.contains(ack, 2, ack.length - 2, "tag=sipsm-ovl-"));
        assertFalse(DatagramRequest.contains(ack, 2, ack.length - 2, "tag=other"));
        // Only within the bounds given: the tag's last byte (at index dash) left out, then in.
        int dash = new String(ack, StandardCharsets.ISO_8859_1).indexOf("-1f");
        assertFalse(DatagramRequest.contains(ack, 2, dash - 2, "tag=sipsm-ovl-"));
        assertTrue(DatagramRequest.contains(ack, 2, dash - 1, "tag=sipsm-ovl-"));
    }

    @Test
    void theCallIdOfAnyMessageIsFoundWithoutParsing() {
        assertEquals("1-42@127.0.0.1", callId(INVITE));
        assertEquals("abc", callId("SIP/2.0 180 Ringing\r\nVia: x\r\ni :  abc \r\nCSeq: 1 INVITE\r\n\r\n"));
        assertEquals("abc", callId("SIP/2.0 180 Ringing\nCALL-ID:abc\n\n"));
        assertNull(callId("SIP/2.0 180 Ringing\r\nVia: x\r\n\r\nCall-ID: in-the-body\r\n"));
        assertNull(callId("SIP/2.0 180 Ringing\r\nCall-Info: <http://x>\r\nid: 7\r\n\r\n"));
        assertNull(callId("\r\n\r\n"));
    }

    private static String callId(String text) {
        byte[] bytes = ("junk" + text).getBytes(StandardCharsets.ISO_8859_1);
        return DatagramRequest.callId(bytes, 4, bytes.length - 4);
    }

    private static boolean mayBeRead(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        return DatagramRequest.mayBeRead(bytes, 0, bytes.length);
    }

    private static DatagramRequest read(String text) {
        byte[] bytes = ("junk" + text).getBytes(StandardCharsets.ISO_8859_1);
        DatagramRequest request = DatagramRequest.read(bytes, 4, bytes.length - 4);
        if (request != null) {
            assertNotNull(request.transactionId());
        }
        return request;
    }

    private static SIPRequest parse(String text) throws Exception {
        return (SIPRequest) new StringMsgParser().parseSIPMessage(text.getBytes(StandardCharsets.ISO_8859_1), true,
                false, null);
    }

    private static SIPResponse parseResponse(byte[] bytes) throws Exception {
        return (SIPResponse) new StringMsgParser().parseSIPMessage(bytes, true, false, null);
    }
}
