package io.sipsm.host.internal.prack;

import java.io.IOException;

import javax.sip.SipStack;
import javax.sip.header.CSeqHeader;
import javax.sip.header.CallIdHeader;
import javax.sip.header.RAckHeader;
import javax.sip.header.RSeqHeader;
import javax.sip.header.RequireHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;

/**
 * Answers PRACKs for the provisionals the host sent reliably, before the stack looks for their dialog. The
 * stack matches a PRACK through the dialog's first transaction, which is not always the INVITE's, and drops
 * the PRACK silently when it is not; the host knows the reliable provisional by Call-ID and RSeq instead.
 *
 * <p>It also applies RFC 3262's grammar, which the stack does not: the parser drops a malformed RAck or RSeq
 * header and passes the message on without it, so a PRACK without RAck gets 400 here, and a provisional that
 * requires 100rel without an RSeq is discarded as malformed (RFC 3261 section 18.1.2), as if never received.
 * Reliable provisionals out of sequence are discarded too, for every application (see ProvisionalSequence).
 * Named to the stack, with the other valves, by {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}.
 */
public class PrackValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(PrackValve.class);

    /** The stack makes one valve, so this lives as long as the stack. */
    private final ProvisionalSequence sequence = new ProvisionalSequence();

    @Override
    public void init(SipStack stack) {
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (!Request.PRACK.equals(request.getMethod())) {
            return true;
        }
        if (request.getHeader(RAckHeader.NAME) == null) {
            answer(request, channel, Response.BAD_REQUEST, "Missing or malformed RAck");
            return false;
        }
        ReliableProvisional provisional = ReliableProvisional.forPrack(request);
        if (provisional == null) {
            return true;
        }
        if (!provisional.answersPrack()) {
            answer(request, channel, Response.CALL_OR_TRANSACTION_DOES_NOT_EXIST, null);
            return false;
        }
        answer(request, channel, Response.OK, null);
        provisional.acknowledged();
        return false;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        int status = response.getStatusCode();
        CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
        if (cseq == null || !Request.INVITE.equals(cseq.getMethod()) || status <= 100) {
            return true;
        }
        String callId = ((CallIdHeader) response.getHeader(CallIdHeader.NAME)).getCallId();
        if (status >= 200) {
            sequence.finished(callId, cseq.getSeqNumber());
            return true;
        }
        if (!ReliableProvisional.offers(response, RequireHeader.NAME)) {
            return true;
        }
        RSeqHeader rseq = (RSeqHeader) response.getHeader(RSeqHeader.NAME);
        if (rseq == null) {
            LOG.debug("Reliable {} to {} without a valid RSeq discarded", status, callId);
            return false;
        }
        String toTag = ((ToHeader) response.getHeader(ToHeader.NAME)).getTag();
        if (!sequence.accept(callId, cseq.getSeqNumber(), String.valueOf(toTag), rseq.getSequenceNumber())) {
            LOG.debug("Reliable {} to {} with RSeq {} out of sequence: discarded", status, callId,
                    rseq.getSequenceNumber());
            return false;
        }
        return true;
    }

    /** Stateless, as a retransmitted PRACK gets the same answer again. */
    private static void answer(SIPRequest request, MessageChannel channel, int status, String reason) {
        SIPResponse response = request.createResponse(status);
        if (reason != null) {
            response.setReasonPhrase(reason);
        }
        try {
            channel.sendMessage(response);
        } catch (IOException e) {
            LOG.debug("{} to PRACK {} not sent: {}", status, request.getCallId().getCallId(), e.toString());
        }
    }

    @Override
    public void destroy() {
    }
}
