package io.sipsm.host.internal;

import java.io.IOException;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.mobicents.ext.javax.sip.TransactionFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MobicentsSIPClientTransaction;
import gov.nist.javax.sip.stack.MobicentsSIPServerTransaction;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

/**
 * The outgoing half of the host SPI: transactions whose first send of a request or response passes the
 * interceptors. Named to the stack by the property {@code org.mobicents.ext.java.sip.TRANSACTION_FACTORY}.
 * Retransmissions reuse the message already intercepted; the ACK of a 2xx leaves through the dialog and is
 * not seen.
 */
public class InterceptingTransactionFactory implements TransactionFactory {

    private SIPTransactionStack stack;

    @Override
    public void setSipStack(SipStack sipStack) {
        this.stack = (SIPTransactionStack) sipStack;
    }

    @Override
    public SIPClientTransaction createClientTransaction(SIPRequest request, MessageChannel channel) {
        ClientTransaction transaction = new ClientTransaction(stack, channel);
        transaction.setOriginalRequest(request);
        return transaction;
    }

    @Override
    public SIPServerTransaction createServerTransaction(MessageChannel channel) {
        return new ServerTransaction(stack, channel);
    }

    static final class ClientTransaction extends MobicentsSIPClientTransaction {

        private boolean intercepted;

        ClientTransaction(SIPTransactionStack stack, MessageChannel channel) {
            super(stack, channel);
        }

        @Override
        public void sendMessage(SIPMessage message) throws IOException {
            // The first request through here is the transaction's own; later ones are the ACKs it makes itself.
            if (!intercepted && message instanceof Request request && !Request.ACK.equals(request.getMethod())) {
                intercepted = true;
                InterceptorChain.INSTANCE.outgoingRequest(message, this);
            }
            super.sendMessage(message);
        }
    }

    static final class ServerTransaction extends MobicentsSIPServerTransaction {

        ServerTransaction(SIPTransactionStack stack, MessageChannel channel) {
            super(stack, channel);
        }

        @Override
        public void sendResponse(Response response) throws SipException {
            InterceptorChain.INSTANCE.outgoingResponse(response, this);
            super.sendResponse(response);
        }
    }
}
