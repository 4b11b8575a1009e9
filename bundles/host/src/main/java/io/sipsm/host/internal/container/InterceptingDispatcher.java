package io.sipsm.host.internal.container;

import java.util.Map;
import java.util.Optional;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;

import javax.sip.ClientTransaction;
import javax.sip.Dialog;
import javax.sip.ObjectInUseException;
import javax.sip.RequestEvent;
import javax.sip.SipProvider;
import javax.sip.Timeout;
import javax.sip.TimeoutEvent;
import javax.sip.ResponseEvent;
import javax.sip.header.RouteHeader;
import javax.sip.header.ToHeader;
import javax.sip.message.Message;
import javax.sip.message.Request;

import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;
import org.mobicents.servlet.sip.core.SipContext;
import org.mobicents.servlet.sip.core.SipManager;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSession;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mobicents.servlet.sip.core.session.MobicentsSipSessionKey;
import org.mobicents.servlet.sip.core.session.SessionManagerUtil;
import org.mobicents.servlet.sip.message.SipServletRequestImpl;
import org.mobicents.servlet.sip.message.TransactionApplicationData;

import gov.nist.javax.sip.DialogTimeoutEvent;
import gov.nist.javax.sip.SipProviderImpl;
import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;

import io.sipsm.cdr.EndReason;
import io.sipsm.host.CallLeg;
import io.sipsm.host.internal.sip.NetworkFaults;
import io.sipsm.host.internal.sip.RoutedMethods;

/**
 * The container's dispatcher with the incoming half of the host SPI in front: interceptors see each request
 * and response before the application router and the applications, and may consume it. Named by class to
 * the container ({@code SipStandardService.setSipApplicationDispatcherClassName}).
 */
public class InterceptingDispatcher extends SipApplicationDispatcherImpl {

    private static volatile InterceptingDispatcher running;

    private final ScheduledExecutorService sideThread;

    public InterceptingDispatcher() {
        SilentStatsReporter.install(this);
        ClassLoader hostLoader = Thread.currentThread().getContextClassLoader();
        sideThread = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "sipsm-host-timers");
            thread.setDaemon(true);
            thread.setContextClassLoader(hostLoader);
            return thread;
        });
        running = this;
    }

    static InterceptingDispatcher running() {
        InterceptingDispatcher dispatcher = running;
        if (dispatcher == null) {
            throw new IllegalStateException("The SIP container is not running");
        }
        return dispatcher;
    }

    /** The host's timers when a container runs, else null. */
    static ScheduledExecutorService timersIfRunning() {
        InterceptingDispatcher dispatcher = running;
        return dispatcher == null ? null : dispatcher.sideThread;
    }

    /** The host's own timers inside the container (reliable provisional responses, listed retransmissions). */
    ScheduledExecutorService timers() {
        return sideThread;
    }

    @Override
    public void processRequest(RequestEvent event) {
        if (isAckOfEndedCall(event)) {
            if (event.getServerTransaction() == null) {
                // A 2xx's ACK (an error's ACK has its transaction): counted, since one dropped while its call is
                // up leaves the callee without it.
                NetworkFaults.INSTANCE.record(NetworkFaults.Kind.ACK_OF_ENDED_CALL, source(event.getRequest()),
                        "ACK of a 2xx with no call to go to");
            }
            return;
        }
        if (isInDialogRequestOfNoDialog(event) || isCancelOfNoTransaction(event)) {
            String method = event.getRequest().getMethod();
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.NO_DIALOG, source(event.getRequest()),
                    method + (Request.CANCEL.equals(method) ? " for no transaction" : " for no dialog"));
            new JainSipInboundRequest(event).respond(481, null, Map.of());
            return;
        }
        if (Request.INVITE.equals(event.getRequest().getMethod()) && HostRequests.inviteInProgress(event.getDialog())) {
            new JainSipInboundRequest(event).respond(491, null, Map.of());
            return;
        }
        if (InterceptorChain.INSTANCE.consumeIncomingRequest(event)) {
            return;
        }
        if (unrouted(event.getRequest())) {
            // The container would answer 404 too, but through an exception logged as an error.
            JainSipInboundRequest request = new JainSipInboundRequest(event);
            if (RoutedMethods.paused(request.method())) {
                // Between the old version of an application and the new one (an update): worth a retry.
                request.respond(503, "Application being updated", Map.of("Retry-After", "1"));
            } else {
                request.respond(404, "No SIP application for " + request.method(), Map.of());
            }
            return;
        }
        super.processRequest(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (HostRequests.consume(event)) {
            return;
        }
        if (event.getClientTransaction() == null && event.getDialog() == null) {
            // Nothing of the host's sent it, nothing can take it: the container would only log an error.
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.STRAY_RESPONSE, source(event.getResponse()),
                    "response to no request of the host");
            return;
        }
        if (!InterceptorChain.INSTANCE.consumeIncomingResponse(event)) {
            super.processResponse(event);
        }
    }

    @Override
    public void processTimeout(TimeoutEvent event) {
        if (!event.isServerTransaction() && HostRequests.consumeTimeout(event.getClientTransaction())) {
            return;
        }
        super.processTimeout(event);
    }

    /**
     * RFC 3261 section 13.3.1.4: a 2xx never acknowledged within 64·T1 ends the session with a BYE. The container
     * leaves that to the application's error listener, or sends the BYE itself when there is none, but only
     * while it still holds the INVITE; it has already released the INVITEs of a B2BUA call by then, and the
     * call would stay up on both legs until the application session expires. The host ends such a call itself,
     * on both legs.
     */
    @Override
    public void processDialogTimeout(DialogTimeoutEvent event) {
        if (event.getReason() == DialogTimeoutEvent.Reason.AckNotReceived) {
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.NO_ACK, String.valueOf(event.getDialog().getRemoteTarget()),
                    "2xx never acknowledged");
            releasedSession(event.getDialog()).ifPresent(leg -> {
                leg.end(408, "no ACK for the 2xx", EndReason.NO_ACK);
                leg.peer().ifPresent(peer -> peer.end(408, "no ACK for the 2xx", EndReason.NO_ACK));
            });
        }
        super.processDialogTimeout(event);
    }

    /** The session of a dialog whose INVITE the container has released, found by the key it kept. */
    private Optional<CallLeg> releasedSession(Dialog dialog) {
        if (!(dialog.getApplicationData() instanceof TransactionApplicationData data)
                || data.getSipServletMessage() != null || data.getSipSessionKey() == null) {
            return Optional.empty();
        }
        MobicentsSipSessionKey key = data.getSipSessionKey();
        SipContext context = findSipApplication(key.getApplicationName());
        if (context == null) {
            return Optional.empty();
        }
        SipManager manager = context.getSipManager();
        MobicentsSipApplicationSession application = manager.getSipApplicationSession(
                SessionManagerUtil.getSipApplicationSessionKey(key.getApplicationName(),
                        key.getApplicationSessionId(), null), false);
        return application == null ? Optional.empty()
                : ContainerCallLeg.of(manager.getSipSession(key, false, getSipFactory(), application));
    }

    @Override
    public void stop() {
        running = null;
        super.stop();
        sideThread.shutdownNow();
    }

    /**
     * Gives up an outgoing INVITE no one has answered yet (CANCEL is not allowed before a provisional): its
     * transaction ends and the application sees the container's own timeout, a 408, as after Timer B. Runs on
     * a thread of its own, since the caller may hold the session lock the container takes to deliver it.
     */
    static void abandon(ClientTransaction transaction) {
        InterceptingDispatcher dispatcher = running;
        if (dispatcher == null) {
            return;
        }
        dispatcher.sideThread.execute(() -> {
            try {
                transaction.terminate();
            } catch (ObjectInUseException e) {
                return;
            }
            SipProvider provider = ((SIPClientTransaction) transaction).getSipProvider();
            dispatcher.processTimeout(new TimeoutEvent(provider, transaction, Timeout.TRANSACTION));
        });
    }

    /**
     * The ACK of an error response whose application session is gone already, as when the host rejected an
     * INVITE for a policy (a PRACK that never came) and ended the session with it. The transaction has done its
     * work; the container would only log an error for want of a session. An ACK that matches no transaction, no
     * dialog and no route (a 2xx's ACK finds its dialog, a proxied one carries a Route) is one of these too, from
     * a caller that gave it a branch of its own.
     */
    private static boolean isAckOfEndedCall(RequestEvent event) {
        Request request = event.getRequest();
        if (!Request.ACK.equals(request.getMethod())) {
            return false;
        }
        Object applicationData;
        if (event.getServerTransaction() == null) {
            if (event.getDialog() == null) {
                return request.getHeader(RouteHeader.NAME) == null;
            }
            applicationData = event.getDialog().getApplicationData();
        } else {
            if (!(event.getServerTransaction() instanceof SIPServerTransaction transaction)
                    || transaction.getLastResponseStatusCode() < 300) {
                return false;
            }
            if (transaction instanceof InterceptingTransactionFactory.ServerTransaction ours
                    && ours.rejectedByHost()) {
                return true;
            }
            applicationData = transaction.getApplicationData();
        }
        if (!(applicationData instanceof TransactionApplicationData data)
                || !(data.getSipServletMessage() instanceof SipServletRequestImpl invite)) {
            return true;
        }
        MobicentsSipSession session = invite.getSipSession();
        return session == null || !session.isValidInternal() || session.getSipApplicationSession() == null
                || !session.getSipApplicationSession().isValidInternal();
    }

    /**
     * RFC 3261 section 12.2.2: a request inside a dialog (it has a To tag) that matches no dialog gets 481; one
     * that a proxy application routes carries a Route. The container would answer it too, but through an
     * exception logged as an error. ACK gets no answer (see isAckOfEndedCall) and CANCEL is matched to its
     * transaction, not to a dialog.
     */
    private static boolean isInDialogRequestOfNoDialog(RequestEvent event) {
        Request request = event.getRequest();
        String method = request.getMethod();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        return to != null && to.getTag() != null && !Request.ACK.equals(method) && !Request.CANCEL.equals(method)
                && event.getDialog() == null && event.getServerTransaction() == null
                && request.getHeader(RouteHeader.NAME) == null;
    }

    private static String source(Message message) {
        return message instanceof SIPMessage m && m.getPeerPacketSourceAddress() != null
                ? NetworkFaults.source(m.getPeerPacketSourceAddress().getHostAddress(), m.getPeerPacketSourcePort())
                : "an unknown source";
    }

    /**
     * RFC 3261 section 9.2: a CANCEL that matches no INVITE server transaction gets 481. The container would
     * answer 200 as if it had cancelled something. One that a proxy application routes carries a Route.
     */
    private static boolean isCancelOfNoTransaction(RequestEvent event) {
        Request request = event.getRequest();
        if (!Request.CANCEL.equals(request.getMethod()) || request.getHeader(RouteHeader.NAME) != null
                || !(event.getSource() instanceof SipProviderImpl provider)
                || !(provider.getSipStack() instanceof SIPTransactionStack stack)
                || !(request instanceof SIPRequest cancel)) {
            return false;
        }
        return stack.findCancelTransaction(cancel, true) == null;
    }

    private static boolean unrouted(Request request) {
        String method = request.getMethod();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        boolean initial = to != null && to.getTag() == null;
        return initial && !Request.ACK.equals(method) && !Request.CANCEL.equals(method)
                && !RoutedMethods.routes(method);
    }
}
