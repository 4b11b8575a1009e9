package io.sipsm.host.internal;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;

import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import gov.nist.javax.sip.header.NameMap;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.parser.Lexer;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The stack's message parser, made to treat any failure to parse one header as that header being malformed.
 * Some of the stack's header parsers throw unchecked exceptions on bad input (RAck and RSeq with a
 * non-numeric value throw NumberFormatException), which the stack logs as an error and the message is lost
 * unanswered. As a parse error, the stack's own rules apply: a malformed mandatory header (Via, From, To,
 * Call-ID, CSeq) gets a 400 for a request and discards a response; any other is set aside, and the message
 * goes on without it, for the valves and the policies to answer as their RFC says.
 * Named to the stack by {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}.
 */
public class MalformedHeaderParserFactory implements MessageParserFactory {

    /** Stateless, like the stack's own, so one serves every channel. */
    private static final MessageParser PARSER = new Parser();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return PARSER;
    }

    static final class Parser extends StringMsgParser {

        @Override
        protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener,
                byte[] rawMessage) throws ParseException {
            try {
                super.processHeader(header, message, listener, rawMessage);
            } catch (RuntimeException e) {
                ParseException malformed = new ParseException("Malformed header " + header + ": " + e, 0);
                if (listener == null) {
                    throw malformed;
                }
                Class<?> headerClass = NameMap.getClassFromName(Lexer.getHeaderName(header));
                listener.handleException(malformed, message,
                        headerClass == null ? ExtensionHeaderImpl.class : headerClass, header,
                        new String(rawMessage, StandardCharsets.UTF_8));
            }
        }
    }
}
