package io.sipsm.host.internal;

import java.io.IOException;

import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;

/**
 * Answers PRACKs for the provisionals the host sent reliably, before the stack looks for their dialog. The
 * stack matches a PRACK through the dialog's first transaction, which is not always the INVITE's, and drops
 * the PRACK silently when it is not; the host knows the reliable provisional by Call-ID and RSeq instead.
 * Named to the stack, with the other valves, by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public class PrackValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(PrackValve.class);

    @Override
    public void init(SipStack stack) {
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.PRACK.equals(request.getMethod())) {
            return true;
        }
        ReliableProvisional acknowledged = ReliableProvisional.forPrack(request);
        if (acknowledged == null) {
            return true;
        }
        try {
            // Stateless, as a retransmitted PRACK gets the same answer again.
            channel.sendMessage(request.createResponse(Response.OK));
        } catch (IOException e) {
            LOG.debug("200 to PRACK {} not sent: {}", request.getCallId().getCallId(), e.toString());
        }
        acknowledged.acknowledged();
        return false;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
    }
}
