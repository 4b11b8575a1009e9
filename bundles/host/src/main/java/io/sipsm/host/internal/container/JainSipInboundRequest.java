package io.sipsm.host.internal.container;

import java.util.Map;
import java.util.UUID;

import javax.sip.RequestEvent;
import javax.sip.ServerTransaction;
import javax.sip.SipProvider;
import javax.sip.TransactionUnavailableException;
import javax.sip.header.ToHeader;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import javax.sip.message.Response;

import gov.nist.javax.sip.message.MessageFactoryImpl;
import gov.nist.javax.sip.message.SIPRequest;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.internal.sip.JainSipMessage;
import io.sipsm.host.internal.sip.ReasonPhrases;

/** An incoming jain-sip request that an interceptor may answer from the host. */
final class JainSipInboundRequest extends JainSipMessage implements InboundRequest {

    /** Marks a server transaction the host answered itself, so the ACK of its final response is absorbed. */
    static final Object ANSWERED_BY_HOST = new Object() {
        @Override
        public String toString() {
            return "answered by host";
        }
    };

    private static final MessageFactory MESSAGES = new MessageFactoryImpl();

    /** A 2xx to these would create a dialog nobody owns. */
    private static final java.util.Set<String> DIALOG_CREATING = java.util.Set.of(Request.INVITE, Request.SUBSCRIBE,
            Request.REFER);

    private final RequestEvent event;
    /** The final status the host answered with, 0 until it has. */
    private int answeredStatus;
    private String answeredReason;

    JainSipInboundRequest(RequestEvent event) {
        super(event.getRequest(), () -> ContainerSessions.leg(event.getDialog()));
        this.event = event;
    }

    @Override
    public boolean isInitial() {
        ToHeader to = (ToHeader) message.getHeader(ToHeader.NAME);
        return to == null || to.getTag() == null;
    }

    @Override
    public String requestUri() {
        return ((Request) message).getRequestURI().toString();
    }

    @Override
    public String requestDomain() {
        return ((Request) message).getRequestURI() instanceof javax.sip.address.SipURI uri ? uri.getHost() : "";
    }

    @Override
    public String remoteAddress() {
        String address = ((SIPRequest) message).getRemoteAddress() == null ? null
                : ((SIPRequest) message).getRemoteAddress().getHostAddress();
        return address == null ? "" : address;
    }

    @Override
    public void respond(int status, String reason, Map<String, String> headers) {
        Request request = (Request) message;
        if (status < 200 || status > 699 || status < 300 && DIALOG_CREATING.contains(request.getMethod())) {
            throw new IllegalArgumentException("The host cannot answer " + request.getMethod() + " with " + status);
        }
        if (Request.ACK.equals(request.getMethod())) {
            throw new IllegalStateException("An ACK is never answered");
        }
        try {
            Response response = MESSAGES.createResponse(status, request);
            response.setReasonPhrase(reason != null ? reason : ReasonPhrases.of(status));
            ToHeader to = (ToHeader) response.getHeader(ToHeader.NAME);
            if (to.getTag() == null) {
                to.setTag(UUID.randomUUID().toString().substring(0, 8));
            }
            headers.forEach((name, value) -> response.addHeader(create(name, value)));
            send(response);
            answeredStatus = status;
            answeredReason = response.getReasonPhrase();
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("Could not answer " + this + " with " + status + ": " + e.getMessage(), e);
        }
    }

    boolean answered() {
        return answeredStatus != 0;
    }

    int answeredStatus() {
        return answeredStatus;
    }

    String answeredReason() {
        return answeredReason;
    }

    private void send(Response response) throws Exception {
        SipProvider provider = (SipProvider) event.getSource();
        ServerTransaction transaction = event.getServerTransaction();
        if (transaction == null) {
            try {
                transaction = provider.getNewServerTransaction((Request) message);
            } catch (TransactionUnavailableException e) {
                // The stack keeps no transaction for a request missing a header it requires (a PUBLISH without
                // Event): the answer, which says what is wrong, goes statelessly, and a retransmission gets it again.
                provider.sendResponse(response);
                return;
            }
        }
        transaction.setApplicationData(ANSWERED_BY_HOST);
        transaction.sendResponse(response);
    }
}
