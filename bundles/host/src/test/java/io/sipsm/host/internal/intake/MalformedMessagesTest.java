package io.sipsm.host.internal.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.parser.ParseExceptionListener;

/** What the host's parser finds wrong with a message, before the stack sees it. */
class MalformedMessagesTest {

    private final MalformedHeaderParserFactory.Parser parser = new MalformedHeaderParserFactory.Parser();

    /** The stack's rule for headers that are not essential: set aside. */
    private final ParseExceptionListener setAside = (ex, message, headerClass, header, raw) -> message.addUnparsed(header);

    @Test
    void aWellFormedRequestHasNoFault() {
        assertNull(fault(request("OPTIONS sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1 OPTIONS")));
    }

    @Test
    void aRequestWithoutCseqIsMissingIt() {
        assertEquals("Missing CSeq", fault(request("OPTIONS sip:bob@127.0.0.1 SIP/2.0")));
    }

    @Test
    void aMalformedCseqIsNamedWithoutTheTextReceived() {
        assertEquals("Malformed CSeq", fault(request("OPTIONS sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1x\nEVIL: x OPTIONS")));
    }

    @Test
    void aCseqOfAnotherMethodDoesNotMatch() {
        assertEquals("CSeq method does not match the request",
                fault(request("OPTIONS sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1 INVITE")));
    }

    @Test
    void aRepeatedCallIdIsNamed() {
        assertEquals("Repeated Call-ID",
                fault(request("OPTIONS sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1 OPTIONS", "Call-ID: other")));
    }

    @Test
    void anotherSipVersionIsAnsweredAsSuch() {
        assertEquals(MalformedMessages.OTHER_VERSION, fault(request("OPTIONS sip:bob@127.0.0.1 SIP/7.0", "CSeq: 1 OPTIONS")));
    }

    @Test
    void anAckWithoutBranchCannotBeMatched() {
        assertEquals("ACK without branch", fault(request("ACK sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1 ACK")
                .replace(";branch=z9hG4bK-1", "")));
    }

    @Test
    void anInviteWithoutContactIsMissingIt() {
        assertEquals("Missing Contact", fault(request("INVITE sip:bob@127.0.0.1 SIP/2.0", "CSeq: 1 INVITE")));
    }

    @Test
    void aRequestCutShortKeepsWhatParsedForTheAnswer() {
        byte[] bytes = "INVITE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\nCSeq: 1 INV"
                .getBytes(StandardCharsets.UTF_8);
        MalformedHeaderParserFactory.Checked checked = parser.check(bytes, true, false, setAside);
        assertNotNull(checked.fault());
        assertNotNull(checked.message().getTopmostVia(), checked.fault() + ": " + checked.message());
    }

    @Test
    void aDisplayNameWithACommaIsMalformed() {
        String text = "OPTIONS sip:t.watson@example.org SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bKkdjuw\r\n"
                + "Max-Forwards: 70\r\nFrom: Bell, Alexander <sip:a.g.bell@example.com>;tag=43\r\n"
                + "To: Watson, Thomas <sip:t.watson@example.org>\r\nCall-ID: baddn.31415@c.example.com\r\n"
                + "CSeq: 3923239 OPTIONS\r\nl: 0\r\n\r\n";
        MalformedHeaderParserFactory.Checked checked = parser.check(text.getBytes(StandardCharsets.UTF_8), true, false,
                setAside);
        assertEquals("Malformed From", checked.fault(), String.valueOf(checked.message()));
    }

    private String fault(String text) {
        return parser.check(text.getBytes(StandardCharsets.UTF_8), true, false, setAside).fault();
    }

    private static String request(String requestLine, String... headers) {
        StringBuilder text = new StringBuilder(requestLine).append("\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n")
                .append("From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: c1\r\nMax-Forwards: 70\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        return text.append("Content-Length: 0\r\n\r\n").toString();
    }
}
