package io.sipsm.host.internal.container;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ResponseEvent;
import javax.sip.SipProvider;
import javax.sip.header.CSeqHeader;
import javax.sip.header.ContentTypeHeader;
import javax.sip.message.Request;
import javax.sip.message.Response;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.TransactionExt;
import gov.nist.javax.sip.stack.SIPDialog;
import io.sipsm.host.CallLeg;
import io.sipsm.host.SipMessage;
import io.sipsm.host.internal.sip.JainSipMessage;

/**
 * Requests a policy sends inside a dialog (refresh UPDATE or re-INVITE): straight on the stack's dialog, so
 * the container and the application never know of them; their responses are taken out before dispatch.
 */
final class HostRequests {

    private static final Logger LOG = LoggerFactory.getLogger(HostRequests.class);

    /** Marks a client transaction of the host; carries where its final response goes. */
    private record Pending(Consumer<SipMessage> onFinalResponse) {
    }

    /** Dialogs where a re-INVITE of the host awaits its final response (RFC 3261 section 14.2: glare). */
    private static final Set<Dialog> INVITING = ConcurrentHashMap.newKeySet();

    private HostRequests() {
    }

    /**
     * True while a re-INVITE the host sent in this dialog has no final response: an INVITE from the peer then
     * gets 491 (RFC 3261 section 14.2). The container cannot know, since it never saw the host's re-INVITE.
     */
    static boolean inviteInProgress(Dialog dialog) {
        return dialog != null && INVITING.contains(dialog);
    }

    static void send(Dialog dialog, String method, Map<String, String> headers, String contentType, byte[] body,
            Consumer<SipMessage> onFinalResponse) {
        try {
            Request request = dialog.createRequest(method);
            headers.forEach((name, value) -> request.addHeader(JainSipMessage.create(name, value)));
            if (contentType != null && body != null) {
                String[] type = contentType.split("/", 2);
                ContentTypeHeader header = JainSipMessage.HEADERS.createContentTypeHeader(type[0].trim(),
                        type.length > 1 ? type[1].trim() : "");
                request.setContent(body, header);
            }
            SipProvider provider = ((SIPDialog) dialog).getSipProvider();
            ClientTransaction transaction = provider.getNewClientTransaction(request);
            transaction.setApplicationData(new Pending(onFinalResponse));
            applyHostTimers(transaction);
            if (Request.INVITE.equals(method)) {
                INVITING.add(dialog);
            }
            dialog.sendRequest(transaction);
        } catch (Exception e) {
            INVITING.remove(dialog);
            LOG.debug("{} in dialog {} could not be sent: {}", method, dialog.getCallId().getCallId(), e.toString());
            deliver(onFinalResponse, new HostMadeResponse(408, method, dialog.getCallId().getCallId()));
        }
    }

    /** The container sets its timers on the transactions it makes; the host's own get the same. */
    private static void applyHostTimers(ClientTransaction transaction) throws Exception {
        InterceptingDispatcher dispatcher = InterceptingDispatcher.running();
        transaction.setRetransmitTimer(dispatcher.getBaseTimerInterval());
        if (transaction instanceof TransactionExt ext) {
            ext.setTimerT2(dispatcher.getT2Interval());
            ext.setTimerT4(dispatcher.getT4Interval());
        }
    }

    /** True when the response answers a request of the host; it then never reaches the container. */
    static boolean consume(ResponseEvent event) {
        ClientTransaction transaction = event.getClientTransaction();
        if (transaction == null || !(transaction.getApplicationData() instanceof Pending pending)) {
            return false;
        }
        Response response = event.getResponse();
        if (response.getStatusCode() >= 200) {
            CSeqHeader cseq = (CSeqHeader) response.getHeader(CSeqHeader.NAME);
            if (Request.INVITE.equals(cseq.getMethod())) {
                INVITING.remove(transaction.getDialog());
            }
            if (response.getStatusCode() < 300 && Request.INVITE.equals(cseq.getMethod())) {
                acknowledge(event.getDialog(), cseq.getSeqNumber());
            }
            Dialog dialog = event.getDialog();
            deliver(pending.onFinalResponse(), new JainSipMessage(response, () -> ContainerSessions.leg(dialog)));
        }
        return true;
    }

    /** True when the timed-out transaction was the host's; its sender gets a 408. */
    static boolean consumeTimeout(ClientTransaction transaction) {
        if (transaction == null || !(transaction.getApplicationData() instanceof Pending pending)) {
            return false;
        }
        Request request = transaction.getRequest();
        INVITING.remove(transaction.getDialog());
        deliver(pending.onFinalResponse(), new HostMadeResponse(408, request.getMethod(),
                new JainSipMessage(request, Optional::<CallLeg>empty).callId()));
        return true;
    }

    private static void acknowledge(Dialog dialog, long cseq) {
        try {
            dialog.sendAck(dialog.createAck(cseq));
        } catch (Exception e) {
            LOG.warn("ACK for the host's re-INVITE in {} failed: {}", dialog.getCallId().getCallId(), e.toString());
        }
    }

    private static void deliver(Consumer<SipMessage> callback, SipMessage response) {
        try {
            callback.accept(response);
        } catch (RuntimeException e) {
            LOG.warn("Policy callback for {} failed", response, e);
        }
    }

    /** A final response the host makes itself (timeout, or the request could not be sent). */
    private record HostMadeResponse(int status, String method, String callId) implements SipMessage {
        @Override public String header(String name) { return null; }
        @Override public List<String> headers(String name) { return List.of(); }
        @Override public void setHeader(String name, String value) { }
        @Override public void addHeader(String name, String value) { }
        @Override public void removeHeader(String name) { }
        @Override public byte[] content() { return new byte[0]; }
        @Override public Optional<CallLeg> leg() { return Optional.empty(); }
    }
}
