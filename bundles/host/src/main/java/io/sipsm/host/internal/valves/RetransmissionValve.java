package io.sipsm.host.internal.valves;

import java.util.function.Predicate;

import javax.sip.SipStack;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipsm.host.internal.sip.Retransmissions;

/**
 * Counts the requests peers send again ({@link Retransmissions}): a request whose server transaction the stack
 * holds already is a copy, which that transaction absorbs (it resends its last response). An ACK shares the branch
 * of the INVITE it acknowledges and is no copy. Runs first of the valves, so a copy is counted whatever a later
 * valve does with it; it never stops a message.
 */
public class RetransmissionValve implements SIPMessageValve {

    private Predicate<String> heldByServerTransaction;
    private final Retransmissions counts;

    public RetransmissionValve() {
        this(Retransmissions.INSTANCE);
    }

    RetransmissionValve(Retransmissions counts) {
        this.counts = counts;
    }

    @Override
    public void init(SipStack sipStack) {
        if (sipStack instanceof SIPTransactionStack stack) {
            heldByServerTransaction = key -> stack.findTransaction(key, true) != null;
        }
    }

    /** For tests: which transaction keys the stack holds a server transaction for. */
    void init(Predicate<String> heldByServerTransaction) {
        this.heldByServerTransaction = heldByServerTransaction;
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        Predicate<String> held = heldByServerTransaction;
        String key = request.getTransactionId();
        if (held != null && key != null && !Request.ACK.equals(request.getMethod()) && held.test(key)) {
            counts.received();
        }
        return true;
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    @Override
    public void destroy() {
        heldByServerTransaction = null;
    }
}
