package io.sipsm.host.internal.sip;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.ExtensionHeader;
import javax.sip.header.Header;
import javax.sip.header.HeaderFactory;
import javax.sip.message.Message;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.header.HeaderFactoryImpl;
import gov.nist.javax.sip.header.SIPHeader;
import gov.nist.javax.sip.message.SIPMessage;
import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/** A jain-sip message seen through the host SPI. Only valid during the interceptor call that received it. */
public class JainSipMessage implements SipMessage {

    public static final HeaderFactory HEADERS = new HeaderFactoryImpl();

    public final Message message;
    private final Supplier<Optional<CallLeg>> leg;

    /** @param leg finds the message's call leg when a policy asks; looked up lazily, it costs nothing otherwise */
    public JainSipMessage(Message message, Supplier<Optional<CallLeg>> leg) {
        this.message = message;
        this.leg = leg;
    }

    @Override
    public String method() {
        if (message instanceof Request request) {
            return request.getMethod();
        }
        CSeqHeader cseq = (CSeqHeader) message.getHeader(CSeqHeader.NAME);
        return cseq == null ? "" : cseq.getMethod();
    }

    @Override
    public int status() {
        return message instanceof Response response ? response.getStatusCode() : 0;
    }

    @Override
    public String callId() {
        CallIdHeader callId = (CallIdHeader) message.getHeader(CallIdHeader.NAME);
        return callId == null ? "" : callId.getCallId();
    }

    @Override
    public String header(String name) {
        String full = HeaderNames.full(name);
        Header header = message.getHeader(full);
        if (header != null) {
            return valueOf(header);
        }
        List<String> unparsed = unparsed(full);
        return unparsed.isEmpty() ? null : unparsed.get(0);
    }

    @Override
    public List<String> headers(String name) {
        String full = HeaderNames.full(name);
        List<String> values = new ArrayList<>();
        for (Iterator<?> it = message.getHeaders(full); it != null && it.hasNext();) {
            values.addAll(HeaderValues.split(valueOf((Header) it.next())));
        }
        for (String value : unparsed(full)) {
            values.addAll(HeaderValues.split(value));
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public void setHeader(String name, String value) {
        String full = HeaderNames.full(name);
        List<Header> headers = createAll(full, value);
        message.removeHeader(full);
        headers.forEach(message::addHeader);
    }

    @Override
    public void setHeaders(String name, List<String> values) {
        String full = HeaderNames.full(name);
        List<Header> headers = new ArrayList<>();
        for (String value : values) {
            headers.addAll(createAll(full, value));
        }
        message.removeHeader(full);
        headers.forEach(message::addHeader);
    }

    @Override
    public void addHeader(String name, String value) {
        String full = HeaderNames.full(name);
        createAll(full, value).forEach(message::addHeader);
    }

    @Override
    public void removeHeader(String name) {
        message.removeHeader(HeaderNames.full(name));
    }

    @Override
    public byte[] content() {
        byte[] raw = message.getRawContent();
        return raw == null ? new byte[0] : raw;
    }

    @Override
    public Optional<CallLeg> leg() {
        return leg.get();
    }

    /**
     * The headers for a value: one, or one per element when the stack takes the header as a list only element by
     * element ("Only singleton allowed" for {@code Supported: a, b}).
     */
    private static List<Header> createAll(String name, String value) {
        try {
            return List.of(HEADERS.createHeader(name, value));
        } catch (ParseException e) {
            List<String> elements = HeaderValues.split(value);
            if (elements.size() < 2) {
                throw malformed(name, value, e);
            }
            List<Header> headers = new ArrayList<>();
            for (String element : elements) {
                headers.add(create(name, element));
            }
            return headers;
        }
    }

    /**
     * Values of this header the stack could not parse: it sets such a header aside (see
     * {@code MalformedHeaderParserFactory}) and the message goes on without it, so it is looked up here.
     */
    private List<String> unparsed(String fullName) {
        if (!(message instanceof SIPMessage sipMessage)) {
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (Iterator<String> it = sipMessage.getUnrecognizedHeaders(); it != null && it.hasNext();) {
            String raw = it.next();
            int colon = raw.indexOf(':');
            if (colon > 0 && HeaderNames.full(raw.substring(0, colon).trim()).equalsIgnoreCase(fullName)) {
                values.add(raw.substring(colon + 1).trim());
            }
        }
        return values;
    }

    private static IllegalArgumentException malformed(String name, String value, ParseException e) {
        return new IllegalArgumentException("Malformed " + name + " header value '" + value + "': " + e.getMessage(), e);
    }

    public static Header create(String name, String value) {
        try {
            return HEADERS.createHeader(name, value);
        } catch (ParseException e) {
            throw malformed(name, value, e);
        }
    }

    private static String valueOf(Header header) {
        if (header instanceof ExtensionHeader extension) {
            return extension.getValue().trim();
        }
        if (header instanceof SIPHeader sipHeader) {
            return sipHeader.getHeaderValue().trim();
        }
        String text = header.toString();
        int colon = text.indexOf(':');
        return (colon < 0 ? text : text.substring(colon + 1)).trim();
    }

    @Override
    public String toString() {
        return (status() == 0 ? method() : status() + " " + method()) + " " + callId();
    }
}
