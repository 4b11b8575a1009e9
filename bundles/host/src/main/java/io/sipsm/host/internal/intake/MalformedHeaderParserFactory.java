package io.sipsm.host.internal.intake;

import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import gov.nist.javax.sip.header.CSeq;
import gov.nist.javax.sip.header.CallID;
import gov.nist.javax.sip.header.ContentLength;
import gov.nist.javax.sip.header.ExtensionHeaderImpl;
import gov.nist.javax.sip.header.From;
import gov.nist.javax.sip.header.NameMap;
import gov.nist.javax.sip.header.RequestLine;
import gov.nist.javax.sip.header.StatusLine;
import gov.nist.javax.sip.header.To;
import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.message.SIPDuplicateHeaderException;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.parser.Lexer;
import gov.nist.javax.sip.parser.MessageParser;
import gov.nist.javax.sip.parser.MessageParserFactory;
import gov.nist.javax.sip.parser.ParseExceptionListener;
import gov.nist.javax.sip.parser.StringMsgParser;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import io.sipsm.host.internal.admission.InputLimits;
import io.sipsm.host.internal.admission.MessageLimits;

/**
 * The stack's message parser, made to answer what it cannot parse itself ({@link MalformedMessages}).
 *
 * <p>Some of the stack's header parsers throw unchecked exceptions on bad input (RAck and RSeq with a
 * non-numeric value throw NumberFormatException), which the stack logs as an error and the message is lost
 * unanswered: here any failure to parse one header is that header being malformed. A malformed header the
 * message cannot do without (Via, From, To, Call-ID, CSeq, Content-Length, the start line), a missing one, a
 * CSeq of another method or a message cut short gets a 400 for a request and is dropped for a response, before
 * the stack sees it; any other malformed header is set aside, and the message goes on without it, for the
 * valves and the policies to answer as their RFC says. A message over the host's limits of size or header
 * lines ({@link MessageLimits}) gets 513 for a request and is dropped for a response, whatever else it has.
 * Named to the stack by {@code gov.nist.javax.sip.MESSAGE_PARSER_FACTORY}.
 */
public class MalformedHeaderParserFactory implements MessageParserFactory {

    /** One serves every channel, like the stack's own: what it keeps of a message in progress is per thread. */
    private static final MessageParser PARSER = new Parser();

    @Override
    public MessageParser createMessageParser(SIPTransactionStack stack) {
        return PARSER;
    }

    /** A parsed message and what is wrong with it, null for nothing. */
    record Checked(SIPMessage message, String fault) {
    }

    static final class Parser extends StringMsgParser {

        /** Headers without which no answer can be matched to its request, by the stack's class for each. */
        private static final Map<Class<?>, String> ESSENTIAL = Map.of(Via.class, "Via", From.class, "From",
                To.class, "To", CallID.class, "Call-ID", CSeq.class, "CSeq", ContentLength.class, "Content-Length",
                RequestLine.class, "Request-Line", StatusLine.class, "Status-Line");

        /** Headers a message carries once, by the stack's class for each. */
        private static final Map<Class<?>, String> SINGLE = Map.of(From.class, "From", To.class, "To",
                CallID.class, "Call-ID", CSeq.class, "CSeq", ContentLength.class, "Content-Length");

        /** The single headers this thread met in the message it is building (a message starts with a Content-Length). */
        private static final ThreadLocal<Set<Class<?>>> SEEN = ThreadLocal.withInitial(HashSet::new);

        /** The message this thread is building, so that a parse failing half way still has its Via to answer. */
        private static final ThreadLocal<SIPMessage> BUILDING = new ThreadLocal<>();

        /** The fault of a start line of another SIP version, found as the message is built. */
        private static final ThreadLocal<String> OTHER_VERSION = new ThreadLocal<>();

        /** The version of a request line (at its end) or a status line (at its start). */
        private static final Pattern VERSION = Pattern.compile("(?i)(?:\\sSIP/(\\d+\\.\\d+)\\s*$|^SIP/(\\d+\\.\\d+)\\s)");

        @Override
        public SIPMessage parseSIPMessage(byte[] bytes, boolean readBody, boolean strict,
                ParseExceptionListener listener) throws ParseException {
            if (!(listener instanceof MessageChannel channel)) {
                return super.parseSIPMessage(bytes, readBody, strict, listener);
            }
            Checked checked = check(bytes, readBody, strict, listener);
            String excess = MessageLimits.excess(bytes, readBody ? 0 : declaredBody(checked.message()),
                    InputLimits.INSTANCE.settings());
            String fault = excess != null ? excess : checked.fault();
            if (fault == null) {
                return checked.message();
            }
            MalformedMessages.reject(checked.message(), fault, channel);
            return null;
        }

        /** The body a stream will bring after this header section, by its Content-Length. */
        private static long declaredBody(SIPMessage message) {
            return message == null || message.getContentLength() == null ? 0
                    : message.getContentLength().getContentLength();
        }

        /**
         * Parses the message and says what is wrong with it, if anything.
         *
         * @return the message (null when nothing parsed) and its fault (null for none)
         */
        Checked check(byte[] bytes, boolean readBody, boolean strict, ParseExceptionListener listener) {
            FirstFault faults = new FirstFault(listener);
            // A datagram without the empty line that ends the headers was cut short; the stack would lose its last
            // header with it, so the headers are read as if it were there, for the answer.
            boolean cut = readBody && !endsHeaders(bytes);
            byte[] input = cut ? Arrays.copyOf(bytes, bytes.length + 4) : bytes;
            if (cut) {
                System.arraycopy(new byte[] {'\r', '\n', '\r', '\n'}, 0, input, bytes.length, 4);
            }
            try {
                SIPMessage message = super.parseSIPMessage(input, readBody, strict, faults);
                if (message == null) {
                    return new Checked(null, null);
                }
                String fault = faults.fault != null ? faults.fault : OTHER_VERSION.get();
                if (fault == null) {
                    fault = cut ? "Message cut short"
                            : MalformedMessages.fault(message, readBody ? bytes.length - message.getSize() : -1);
                }
                return new Checked(message, fault);
            } catch (ParseException | RuntimeException e) {
                return new Checked(BUILDING.get(), faults.fault != null ? faults.fault : "Malformed message");
            } finally {
                BUILDING.remove();
                OTHER_VERSION.remove();
            }
        }

        @Override
        protected SIPMessage processFirstLine(String firstLine, ParseExceptionListener listener, byte[] bytes)
                throws ParseException {
            SIPMessage message = super.processFirstLine(firstLine, listener, bytes);
            BUILDING.set(message);
            SEEN.get().clear();
            // The stack's parser reads any version as SIP/2.0 (it makes the exception for another and drops it).
            Matcher version = VERSION.matcher(firstLine);
            if (version.find() && !"2.0".equals(version.group(1) != null ? version.group(1) : version.group(2))) {
                OTHER_VERSION.set(message instanceof SIPRequest ? MalformedMessages.OTHER_VERSION
                        : "Unsupported version");
            }
            return message;
        }

        private static boolean endsHeaders(byte[] bytes) {
            for (int i = 0; i + 1 < bytes.length; i++) {
                if (bytes[i] == '\n' && (bytes[i + 1] == '\n'
                        || bytes[i + 1] == '\r' && i + 2 < bytes.length && bytes[i + 2] == '\n')) {
                    return true;
                }
            }
            return false;
        }

        @Override
        protected void processHeader(String header, SIPMessage message, ParseExceptionListener listener,
                byte[] rawMessage) throws ParseException {
            Class<?> essential = header == null || message == null ? null
                    : NameMap.getClassFromName(Lexer.getHeaderName(header));
            if (essential != null && SINGLE.containsKey(essential) && listener instanceof FirstFault) {
                // The stack keeps the first of a repeated one silently, and reads a From or To with a comma outside
                // quotes as one address: both are a message no one can answer reliably (RFC 4475 3.1.2.15, 3.3.8).
                if (!SEEN.get().add(essential)) {
                    listener.handleException(new SIPDuplicateHeaderException(header), message, essential, header, null);
                    return;
                }
                if ((essential == From.class || essential == To.class) && hasBareComma(header)) {
                    listener.handleException(new ParseException(header, 0), message, essential, header, null);
                    return;
                }
            }
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

    /** Whether the header's value has a comma outside quotes and angle brackets. */
    static boolean hasBareComma(String header) {
        boolean quoted = false;
        int angle = 0;
        for (int i = header.indexOf(':') + 1; i < header.length(); i++) {
            char c = header.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '<') {
                angle++;
            } else if (!quoted && c == '>') {
                angle--;
            } else if (!quoted && angle == 0 && c == ',') {
                return true;
            }
        }
        return false;
    }

    /**
     * Stands in for the channel while a message parses: remembers the first essential header at fault, where
     * the channel would throw and lose the message, and lets the channel set aside any other.
     */
    private static final class FirstFault implements ParseExceptionListener {

        private final ParseExceptionListener channel;
        private String fault;

        FirstFault(ParseExceptionListener channel) {
            this.channel = channel;
        }

        @Override
        public void handleException(ParseException e, SIPMessage message, Class headerClass, String header,
                String text) throws ParseException {
            String name = headerClass == null ? null : Parser.ESSENTIAL.get(headerClass);
            if (name == null) {
                channel.handleException(e, message, headerClass, header, text);
            } else if (fault == null) {
                fault = (e instanceof SIPDuplicateHeaderException ? "Repeated " : "Malformed ") + name;
            }
        }
    }
}
