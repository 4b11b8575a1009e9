package io.sipsm.host.internal;

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
import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;

/** A jain-sip message seen through the host SPI. Only valid during the interceptor call that received it. */
class JainSipMessage implements SipMessage {

    static final HeaderFactory HEADERS = new HeaderFactoryImpl();

    final Message message;
    private final Supplier<Optional<CallLeg>> leg;

    /** @param leg finds the message's call leg when a policy asks; looked up lazily, it costs nothing otherwise */
    JainSipMessage(Message message, Supplier<Optional<CallLeg>> leg) {
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
        Header header = message.getHeader(name);
        return header == null ? null : valueOf(header);
    }

    @Override
    public List<String> headers(String name) {
        List<String> values = new ArrayList<>();
        for (Iterator<?> it = message.getHeaders(name); it != null && it.hasNext();) {
            values.addAll(HeaderValues.split(valueOf((Header) it.next())));
        }
        return Collections.unmodifiableList(values);
    }

    @Override
    public void setHeader(String name, String value) {
        message.setHeader(create(name, value));
    }

    @Override
    public void addHeader(String name, String value) {
        message.addHeader(create(name, value));
    }

    @Override
    public void removeHeader(String name) {
        message.removeHeader(name);
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

    static Header create(String name, String value) {
        try {
            return HEADERS.createHeader(name, value);
        } catch (ParseException e) {
            throw new IllegalArgumentException("Malformed " + name + " header value '" + value + "': " + e.getMessage(), e);
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
