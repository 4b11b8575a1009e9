package io.sipsm.host.internal.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.ParseExceptionListener;

import io.sipsm.host.internal.intake.MalformedHeaderParserFactory;

/** Headers in every shape real traffic has, read and written through the SPI. */
class JainSipMessageTest {

    /** Like the stack's channels: a header that does not parse is set aside and the message goes on. */
    private static final ParseExceptionListener SET_ASIDE = (ex, message, headerClass, header, raw) ->
            message.addUnparsed(header);

    @Test
    void aCommaListAndRepeatedHeadersReadAlike() throws ParseException {
        JainSipMessage list = parse("Supported: replaces, outbound, gruu");
        JainSipMessage repeated = parse("Supported: replaces", "Supported: outbound,gruu");
        assertEquals(List.of("replaces", "outbound", "gruu"), list.headers("Supported"));
        assertEquals(List.of("replaces", "outbound", "gruu"), repeated.headers("Supported"));
    }

    @Test
    void compactFormsAndCaseAreFoundUnderEitherName() throws ParseException {
        JainSipMessage message = parse("k: timer, 100rel", "x: 1800;refresher=uac", "SUPPORTED: gruu");
        assertEquals(List.of("timer", "100rel", "gruu"), message.headers("Supported"));
        assertEquals(List.of("timer", "100rel", "gruu"), message.headers("k"));
        assertTrue(message.header("session-expires").startsWith("1800"));
        assertTrue(message.header("x").contains("refresher=uac"));
    }

    @Test
    void parametersInAnyOrderReachThePolicyAsWritten() throws ParseException {
        JainSipMessage message = parse("Session-Expires: 90 ; foo=bar;refresher=uas");
        String value = message.header("Session-Expires").replace(" ", "");
        assertTrue(value.startsWith("90;"), value);
        assertTrue(value.contains("refresher=uas") && value.contains("foo=bar"), value);
    }

    @Test
    void aValueTheStackCouldNotParseIsStillSeen() throws ParseException {
        JainSipMessage message = parse("Session-Expires: abc", "Min-SE: 100000000000000000000", "Expires: -1");
        assertEquals("abc", message.header("Session-Expires"));
        assertEquals("abc", message.header("x"));
        assertEquals("100000000000000000000", message.header("Min-SE"));
        assertEquals("-1", message.header("Expires"));
        assertNull(message.header("Event"));
    }

    @Test
    void setHeadersWritesAListKeepingItsOrder() throws ParseException {
        JainSipMessage message = parse("Supported: replaces, outbound, gruu");
        message.setHeaders("Supported", List.of("replaces", "outbound", "gruu", "timer"));
        assertEquals(List.of("replaces", "outbound", "gruu", "timer"), message.headers("Supported"));
        message.setHeaders("k", List.of());
        assertEquals(List.of(), message.headers("Supported"));
        assertNull(message.header("Supported"));
    }

    @Test
    void setHeaderTakesACommaListForAListHeader() throws ParseException {
        JainSipMessage message = parse("Supported: gruu");
        message.setHeader("Supported", "gruu, timer");
        assertEquals(List.of("gruu", "timer"), message.headers("Supported"));
        message.setHeader("Allow", "INVITE, ACK, BYE, CANCEL, OPTIONS, UPDATE, PRACK");
        assertEquals(7, message.headers("Allow").size());
    }

    private static JainSipMessage parse(String... headers) throws ParseException {
        StringBuilder text = new StringBuilder("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n")
                .append("Via: SIP/2.0/UDP 127.0.0.1:5061;branch=z9hG4bK-1\r\n")
                .append("From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:b@127.0.0.1>\r\nCall-ID: c1\r\n")
                .append("CSeq: 1 INVITE\r\nMax-Forwards: 70\r\n");
        for (String header : headers) {
            text.append(header).append("\r\n");
        }
        text.append("Content-Length: 0\r\n\r\n");
        SIPMessage message = new MalformedHeaderParserFactory().createMessageParser(null)
                .parseSIPMessage(text.toString().getBytes(StandardCharsets.UTF_8), true, false, SET_ASIDE);
        return new JainSipMessage(message, Optional::empty);
    }
}
