package io.sipsm.host.internal.intake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;

import javax.sip.header.RAckHeader;
import javax.sip.header.RSeqHeader;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.ParseExceptionListener;

class MalformedHeaderParserFactoryTest {

    private final MessageParser parser = new MalformedHeaderParserFactory().createMessageParser(null);

    /** Like the stack's UDP channel: a mandatory header fails the message, any other is set aside. */
    private final List<String> setAside = new ArrayList<>();
    private final ParseExceptionListener stackRules = (ex, message, headerClass, header, raw) -> {
        if (headerClass == CSeq.class) {
            throw ex;
        }
        setAside.add(header);
    };

    @Test
    void aNonNumericRackIsSetAsideAndThePrackGoesOnWithoutIt() throws ParseException {
        SIPMessage prack = parse("PRACK sip:127.0.0.1 SIP/2.0", "CSeq: 2 PRACK", "RAck: 7 one INVITE");
        assertNull(prack.getHeader(RAckHeader.NAME));
        assertEquals(List.of("RAck: 7 one INVITE"), setAside);
    }

    @Test
    void aNonNumericRseqIsSetAsideAndTheResponseGoesOnWithoutIt() throws ParseException {
        SIPMessage ringing = parse("SIP/2.0 183 Session Progress", "CSeq: 1 INVITE", "Require: 100rel",
                "RSeq: seven");
        assertNull(ringing.getHeader(RSeqHeader.NAME));
        assertEquals(List.of("RSeq: seven"), setAside);
    }

    @Test
    void wellFormedHeadersParseAsBefore() throws ParseException {
        SIPMessage prack = parse("PRACK sip:127.0.0.1 SIP/2.0", "CSeq: 2 PRACK", "RAck: 7 1 INVITE");
        RAckHeader rack = (RAckHeader) prack.getHeader(RAckHeader.NAME);
        assertNotNull(rack);
        assertEquals(7, rack.getRSeqNumber());
        assertEquals(List.of(), setAside);
    }

    @Test
    void aMalformedMandatoryHeaderStillFailsTheMessage() {
        assertThrows(ParseException.class, () -> parse("PRACK sip:127.0.0.1 SIP/2.0", "CSeq: two PRACK"));
    }

    private SIPMessage parse(String firstLine, String... headers) throws ParseException {
        StringBuilder text = new StringBuilder(firstLine).append("\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n")
                .append("From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>;tag=2\r\nCall-ID: c1\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        return parser.parseSIPMessage(bytes, true, false, stackRules);
    }
}
