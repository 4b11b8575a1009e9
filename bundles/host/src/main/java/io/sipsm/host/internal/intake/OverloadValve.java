package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.text.ParseException;

import javax.sip.InvalidArgumentException;
import javax.sip.SipStack;
import javax.sip.address.SipURI;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.mobicents.ext.javax.sip.SipStackExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.header.RetryAfter;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPMessageValve;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipsm.host.internal.admission.OverloadControl;
import io.sipsm.host.internal.admission.OverloadGauges;
import io.sipsm.host.internal.admission.OverloadSettings;
import io.sipsm.host.internal.refusals.RefusalReports;
import io.sipsm.host.internal.sip.RoutedMethods;

/**
 * Admission control at the cheapest point the stack offers: a message valve (stack property
 * {@code gov.nist.javax.sip.SIP_MESSAGE_VALVE}) sees each request before any transaction or dialog exists,
 * and a refusal is one stateless {@code 503} with {@code Retry-After}.
 *
 * <p>Written here rather than taken from the jain-sip extension's {@code CongestionControlMessageValve}: that
 * valve reads its thresholds once when the stack starts (a change needs a container restart), polls every
 * 30 s, sends its 503 without {@code Retry-After}, counts lingering transactions (Timer J keeps each finished
 * BYE 32 s, so its server-transaction count follows the call rate, not the backlog), never looks at the
 * receive queue, and silently drops requests from a hard-coded list of user agents. Its rules for what is
 * never refused are kept: ACK, BYE, PRACK, CANCEL and any request with a To tag. A copy of a request gets
 * the decision its first copy got ({@link RecentDecisions}) and is not counted twice.
 */
public class OverloadValve implements SIPMessageValve {

    /** To tag prefix of the host's stateless 503s: the ACKs for them stop here. */
    static final String REFUSAL_TAG = "sipsm-ovl-";

    private static final Logger LOG = LoggerFactory.getLogger(OverloadValve.class);

    private final OverloadControl control = OverloadControl.INSTANCE;
    private OverloadGauges gauges;
    private SIPTransactionStack transactions;

    @Override
    public void init(SipStack stack) {
        if (stack instanceof SipStackExtension extension && stack instanceof SIPTransactionStack) {
            gauges = new OverloadGauges(extension::getNumberOfServerTransactions, extension::getNumberOfDialogs);
            transactions = (SIPTransactionStack) stack;
            control.attach(gauges);
            control.callsRoutedWhen(() -> RoutedMethods.routes(Request.INVITE));
        } else {
            LOG.warn("SIP stack {} offers no load figures: overload control stays off", stack.getClass().getName());
        }
    }

    @Override
    public void destroy() {
        control.detach(gauges);
    }

    @Override
    public boolean processRequest(SIPRequest request, MessageChannel channel) {
        if (gauges == null) {
            return true;
        }
        String toTag = request.getToTag();
        if (Request.ACK.equals(request.getMethod())) {
            return toTag == null || !toTag.startsWith(REFUSAL_TAG);
        }
        if (!isInitial(request) || isRetransmission(request)) {
            return true;
        }
        OverloadSettings settings = control.settings();
        if (settings.keepAliveOptions() && isKeepAlive(request)) {
            // Up for a proxy means taking calls: not while refusing, nor before an application takes INVITE.
            boolean accepting = control.acceptingForProbe();
            answer(request, channel, accepting ? Response.OK : Response.SERVICE_UNAVAILABLE, settings);
            return false;
        }
        boolean admitted = control.admit(request.getTransactionId());
        if (!admitted) {
            answer(request, channel, Response.SERVICE_UNAVAILABLE, settings);
            if (Request.INVITE.equals(request.getMethod())) {
                RefusalReports.INSTANCE.refusedForLoad(request.getTransactionId(), request.getCallId().getCallId(),
                        request.getFrom().getAddress().toString(), request.getRequestURI().toString(),
                        channel.getPeerAddress(), Response.SERVICE_UNAVAILABLE, "Service Unavailable");
            }
        }
        return admitted;
    }

    /** The To tag of the host's stateless answers to a call: the ACKs of its refusals are known by it. */
    static String refusalTag(String callId) {
        return REFUSAL_TAG + Integer.toHexString(callId.hashCode());
    }

    @Override
    public boolean processResponse(Response response, MessageChannel channel) {
        return true;
    }

    /** Requests that start something new; those inside a call, or ending one, always pass. */
    static boolean isInitial(SIPRequest request) {
        String method = request.getMethod();
        return request.getToTag() == null && !Request.ACK.equals(method) && !Request.BYE.equals(method)
                && !Request.CANCEL.equals(method) && !Request.PRACK.equals(method);
    }

    /** An out-of-dialog OPTIONS to the host itself, as a proxy's dispatcher sends to learn whether it is up. */
    static boolean isKeepAlive(SIPRequest request) {
        return Request.OPTIONS.equals(request.getMethod()) && request.getToTag() == null
                && request.getRequestURI() instanceof SipURI uri && uri.getUser() == null;
    }

    /**
     * A repeated INVITE of a call already accepted reaches the valve too, before the stack matches it to its
     * transaction: it must neither be refused (the caller would get a 503 for a call in progress) nor counted.
     */
    private boolean isRetransmission(SIPRequest request) {
        return transactions.findTransaction(request.getTransactionId(), true) != null;
    }

    private static void answer(SIPRequest request, MessageChannel channel, int status, OverloadSettings settings) {
        SIPResponse response = request.createResponse(status);
        try {
            response.getTo().setTag(refusalTag(request.getCallId().getCallId()));
            if (status == Response.SERVICE_UNAVAILABLE) {
                RetryAfter retryAfter = new RetryAfter();
                retryAfter.setRetryAfter(settings.retryAfterSeconds());
                response.setHeader(retryAfter);
            }
            channel.sendMessage(response);
        } catch (ParseException | InvalidArgumentException | IOException e) {
            LOG.debug("No {} sent for {} {}", status, request.getMethod(), request.getCallId().getCallId(), e);
        }
    }
}
