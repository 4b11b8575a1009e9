package io.sipsm.host.internal.valves;

import java.text.ParseException;

import javax.sip.SipStack;
import javax.sip.address.SipURI;
import javax.sip.address.URI;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContactHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.address.AddressImpl;
import gov.nist.javax.sip.address.SipUri;
import gov.nist.javax.sip.header.Contact;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * Gives a dialog-creating response to an INVITE that lacks a Contact one before the stack sees it. RFC 3261
 * section 12.1.2 takes the remote target from that Contact; without one the stack addresses the PRACK (RFC 3262
 * section 4: sent within the early dialog), the ACK and the BYE to the To URI, which on a B2BUA's outgoing leg
 * names the host itself. linphone at 100rel level 2 sends its reliable 1xx so. The sensible target is where
 * the INVITE went (its Request-URI, so a route set still applies), else the address the response came from.
 * Named to the stack, with the other valves, by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public class RemoteTargetValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteTargetValve.class);

    private volatile SIPTransactionStack transactions;

    @Override
    public void init(SipStack stack) {
        if (stack instanceof SIPTransactionStack transactionStack) {
            transactions = transactionStack;
        }
    }

    @Override
    public boolean processRequest(gov.nist.javax.sip.message.SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (!lacksRemoteTarget(response) || !(response instanceof SIPResponse received)) {
            return true;
        }
        try {
            URI target = target(received, channel);
            AddressImpl address = new AddressImpl();
            address.setURI(target);
            Contact contact = new Contact();
            contact.setAddress(address);
            received.setHeader(contact);
            LOG.debug("{} to {} has no Contact: its dialog's remote target is {}", received.getStatusCode(),
                    received.getCallId().getCallId(), target);
        } catch (ParseException e) {
            LOG.debug("{} to {} has no Contact and none could be made: {}", received.getStatusCode(),
                    received.getCallId().getCallId(), e.toString());
        }
        return true;
    }

    /** A 101-299 response to an INVITE with a To tag (so it makes or confirms a dialog) and no Contact. */
    static boolean lacksRemoteTarget(Response response) {
        int status = response.getStatusCode();
        if (status <= 100 || status >= 300 || response.getHeader(ContactHeader.NAME) != null) {
            return false;
        }
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
        return cseq != null && Request.INVITE.equals(cseq.getMethod()) && to != null && to.getTag() != null;
    }

    /** The INVITE's Request-URI when its transaction is known, else the response's source address. */
    private URI target(SIPResponse response, MessageChannel channel) throws ParseException {
        SIPTransactionStack stack = transactions;
        SIPTransaction invite = stack == null ? null : stack.findTransaction(response, false);
        if (invite != null && invite.getOriginalRequest() != null
                && invite.getOriginalRequest().getRequestURI() instanceof SipURI sent) {
            return (URI) sent.clone();
        }
        return source(channel.getPeerAddress(), channel.getPeerPort(), channel.getTransport());
    }

    /** The address a response came from, as a SIP URI with its transport. */
    static SipUri source(String host, int port, String transport) throws ParseException {
        SipUri source = new SipUri();
        source.setHost(host);
        source.setPort(port);
        source.setTransportParam(transport.toLowerCase(java.util.Locale.ROOT));
        return source;
    }

    @Override
    public void destroy() {
    }
}
