package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.text.ParseException;
import java.util.Set;

import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.UDPMessageChannel;

import io.sipsm.host.internal.sip.NetworkFaults;
import io.sipsm.host.internal.admission.MessageLimits;


/**
 * The answer to a message that does not parse, or lacks what every SIP message must carry (RFC 3261 section
 * 8.1.1: Via, From, To, Call-ID, CSeq; a CSeq of the request's method). A request gets {@code 400} (or
 * {@code 505} for another SIP version) with a fixed reason naming the header at fault, carrying the parts of
 * the request that parsed and never the text received; a response, an ACK or a request without a Via that
 * parsed is dropped (RFC 3261 section 18.1.2 and 18.2.1). Either way it is counted, and nothing reaches the
 * transaction layer.
 *
 * <p>The stack's own answers are what this replaces: its 400 echoes the whole request as a body and puts the
 * parser's message, with whatever control characters the request carried, in the reason phrase; over TCP it
 * answers nothing; and a request without CSeq or one cut short fails with an exception logged as an error.
 */
final class MalformedMessages {

    /** The fault of a request of another SIP version, answered 505. */
    static final String OTHER_VERSION = "Version Not Supported";

    private static final Logger LOG = LoggerFactory.getLogger(MalformedMessages.class);

    private static final Set<String> DIALOG_CREATING = Set.of(Request.INVITE, Request.SUBSCRIBE,
            Request.REFER);

    /** Where the stack's UDP channel keeps the datagram it is reading; its source port is not kept elsewhere yet. */
    private static final Field DATAGRAM = datagramField();

    private MalformedMessages() {
    }

    /**
     * What is wrong with a message that parsed, or null when it is fit for the stack.
     *
     * @param bodyBytes the octets after the header section, or -1 when the caller reads the body itself
     */
    static String fault(SIPMessage message, int bodyBytes) {
        if (message instanceof SIPRequest request && request.getRequestLine() == null
                || message instanceof SIPResponse response && response.getStatusLine() == null) {
            return message instanceof SIPRequest ? "Malformed Request-Line" : "Malformed Status-Line";
        }
        if (message.getTopmostVia() == null) {
            return "Missing Via";
        }
        if (message.getFrom() == null) {
            return "Missing From";
        }
        if (message.getTo() == null) {
            return "Missing To";
        }
        if (message.getCallId() == null) {
            return "Missing Call-ID";
        }
        if (message.getCSeq() == null) {
            return "Missing CSeq";
        }
        if (message instanceof SIPRequest request && Request.ACK.equals(request.getMethod())
                && request.getTopmostVia().getBranch() == null) {
            // RFC 2543 style: nothing of the host's can match it, and the stack fails on it with an exception.
            return "ACK without branch";
        }
        if (message instanceof SIPRequest request && !request.getMethod().equals(request.getCSeq().getMethod())) {
            return "CSeq method does not match the request";
        }
        if (message instanceof SIPRequest request && request.getToTag() == null
                && DIALOG_CREATING.contains(request.getMethod()) && request.getContactHeader() == null) {
            // RFC 3261 section 8.1.1.8; without one the stack cannot make the dialog, and fails with an error.
            return "Missing Contact";
        }
        if (bodyBytes >= 0 && message.getContentLength() != null
                && message.getContentLength().getContentLength() > bodyBytes) {
            return "Content-Length larger than the message";
        }
        return null;
    }

    /** Whether the request line names a version other than SIP/2.0 (RFC 3261 section 8.2.2: 505). */
    static boolean otherVersion(SIPMessage message) {
        return message instanceof SIPRequest request && request.getRequestLine() != null
                && !"SIP/2.0".equals(request.getRequestLine().getSipVersion());
    }

    /**
     * Answers or drops the message, and counts it; {@code message} may be null when nothing parsed. A TCP
     * connection is closed after one that declared a body, which the stream would otherwise read as the next
     * message; without one the connection stays, for the transactions still on it.
     */
    static void reject(SIPMessage message, String fault, MessageChannel channel) {
        try {
            answerOrDrop(message, fault, channel);
        } finally {
            if (channel instanceof HostTcpMessageChannel tcp && declaresBody(message, fault)) {
                tcp.closeAfterFault();
            }
        }
    }

    private static boolean declaresBody(SIPMessage message, String fault) {
        return fault.contains("Content-Length") || message != null && message.getContentLength() != null
                && message.getContentLength().getContentLength() > 0;
    }

    private static void answerOrDrop(SIPMessage message, String fault, MessageChannel channel) {
        String source = NetworkFaults.source(channel.getPeerAddress(), sourcePort(channel));
        NetworkFaults.Kind excess = MessageLimits.TOO_LARGE.equals(fault) ? NetworkFaults.Kind.MESSAGE_TOO_LARGE
                : MessageLimits.TOO_MANY_HEADERS.equals(fault) ? NetworkFaults.Kind.TOO_MANY_HEADERS : null;
        if (!(message instanceof SIPRequest request)) {
            NetworkFaults.INSTANCE.record(excess != null ? excess : NetworkFaults.Kind.MALFORMED_RESPONSE, source,
                    fault);
            return;
        }
        if (request.getTopmostVia() == null || request.getRequestLine() != null
                && Request.ACK.equals(request.getMethod())) {
            NetworkFaults.INSTANCE.record(excess != null ? excess : NetworkFaults.Kind.UNANSWERABLE_REQUEST, source,
                    fault);
            return;
        }
        boolean version = OTHER_VERSION.equals(fault);
        NetworkFaults.INSTANCE.record(excess != null ? excess : version ? NetworkFaults.Kind.UNSUPPORTED_VERSION
                : NetworkFaults.Kind.MALFORMED_REQUEST, source, fault);
        SIPResponse response = excess != null
                ? request.createResponse(Response.MESSAGE_TOO_LARGE, MessageLimits.TOO_LARGE.equals(fault)
                        ? MessageLimits.TOO_LARGE : MessageLimits.TOO_LARGE + " (" + fault + ")")
                : request.createResponse(version ? Response.VERSION_NOT_SUPPORTED
                        : Response.BAD_REQUEST, version ? fault : "Bad Request (" + fault + ")");
        try {
            ToHeader to = response.getTo();
            if (to != null && to.getTag() == null) {
                to.setTag("sipsm-bad");
            }
            send(response, channel);
        } catch (IOException | ParseException | RuntimeException e) {
            LOG.debug("No answer sent to a malformed request from {}: {}", source, e.toString());
        }
    }

    private static void send(SIPResponse response, MessageChannel channel) throws IOException {
        if (channel instanceof HostTcpMessageChannel tcp) {
            // On the connection it came on: before a request parsed, the stack knows no way back on it.
            tcp.answer(response.encodeAsBytes(tcp.getTransport()));
        } else if (channel instanceof UDPMessageChannel
                && channel.getMessageProcessor() instanceof AdmittingUdpMessageProcessor udp) {
            int port = sourcePort(channel);
            if (port <= 0) {
                throw new IOException("source port unknown");
            }
            udp.send(response.encodeAsBytes(udp.getTransport()), InetAddress.getByName(channel.getPeerAddress()), port);
        } else {
            throw new IOException("no answer on " + channel.getTransport());
        }
    }

    private static int sourcePort(MessageChannel channel) {
        if (channel instanceof UDPMessageChannel && DATAGRAM != null) {
            try {
                return DATAGRAM.get(channel) instanceof DatagramPacket packet ? packet.getPort() : -1;
            } catch (IllegalAccessException e) {
                return -1;
            }
        }
        return channel.getPeerPort();
    }

    private static Field datagramField() {
        try {
            Field field = UDPMessageChannel.class.getDeclaredField("incomingPacket");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("This SIP stack hides where a UDP request came from: malformed UDP requests are dropped, not answered");
            return null;
        }
    }
}
