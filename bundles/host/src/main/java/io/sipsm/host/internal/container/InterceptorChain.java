package io.sipsm.host.internal.container;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.servlet.sip.SipSession;
import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.Transaction;
import javax.sip.ServerTransaction;
import javax.sip.message.Message;
import javax.sip.message.Request;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.javax.sip.message.SIPRequest;

import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor.Disposition;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.internal.prack.ReliableProvisional;
import io.sipsm.host.internal.refusals.RefusalReports;
import io.sipsm.host.internal.sip.JainSipMessage;

/**
 * The registered {@link SipMessageInterceptor}s in ranking order, and the calls into them.
 *
 * <p>The container instantiates the dispatcher and the transaction factory by class name, so they reach the
 * chain through {@link #INSTANCE}; one host runs per framework.
 */
public final class InterceptorChain {

    public static final InterceptorChain INSTANCE = new InterceptorChain();

    private static final Logger LOG = LoggerFactory.getLogger(InterceptorChain.class);

    /** An interceptor, where it stands, and the symbolic name of its bundle (who a refused call was refused by). */
    private record Ranked(SipMessageInterceptor interceptor, int ranking, long serviceId, String owner) {
    }

    private static final Comparator<Ranked> ORDER = Comparator.comparingInt(Ranked::ranking).reversed()
            .thenComparingLong(Ranked::serviceId);

    /** Copied on write: the SIP threads read it on every message. */
    private volatile List<Ranked> interceptors = List.of();

    public synchronized void add(SipMessageInterceptor interceptor, int ranking, long serviceId, String owner) {
        List<Ranked> next = new ArrayList<>(interceptors);
        next.add(new Ranked(interceptor, ranking, serviceId, owner));
        next.sort(ORDER);
        interceptors = List.copyOf(next);
    }

    public synchronized void remove(SipMessageInterceptor interceptor) {
        List<Ranked> next = new ArrayList<>(interceptors);
        next.removeIf(r -> r.interceptor() == interceptor);
        interceptors = List.copyOf(next);
    }

    boolean isEmpty() {
        return interceptors.isEmpty();
    }

    /** True when the request was consumed and must not reach the container. */
    boolean consumeIncomingRequest(RequestEvent event) {
        Request request = event.getRequest();
        if (Request.ACK.equals(request.getMethod()) && answeredByHost(event.getServerTransaction())) {
            return true;
        }
        List<Ranked> current = interceptors;
        if (current.isEmpty()) {
            return false;
        }
        JainSipInboundRequest inbound = new JainSipInboundRequest(event);
        for (Ranked r : current) {
            Disposition disposition = safely(r.interceptor(), inbound, () -> r.interceptor().incomingRequest(inbound));
            if (disposition == Disposition.CONSUME || inbound.answered()) {
                reportRefusal(request, inbound, r.owner());
                return true;
            }
        }
        return false;
    }

    /** An initial INVITE a policy answered with a final error is a refused call; its reporting costs a queue offer. */
    private static void reportRefusal(Request request, JainSipInboundRequest inbound, String policy) {
        if (inbound.answeredStatus() >= 300 && Request.INVITE.equals(request.getMethod()) && inbound.isInitial()) {
            SIPRequest invite = (SIPRequest) request;
            RefusalReports.INSTANCE.rejectedByPolicy(invite.getTransactionId(), invite.getCallId().getCallId(),
                    invite.getFrom().getAddress().toString(), invite.getRequestURI().toString(),
                    inbound.remoteAddress(), inbound.answeredStatus(), inbound.answeredReason(), policy);
        }
    }

    /** True when the response was consumed and must not reach the application. */
    boolean consumeIncomingResponse(ResponseEvent event) {
        List<Ranked> current = interceptors;
        if (current.isEmpty()) {
            return false;
        }
        JainSipMessage message = new JainSipMessage(event.getResponse(),
                () -> ContainerSessions.leg(event.getClientTransaction()));
        for (Ranked r : current) {
            if (safely(r.interceptor(), message, () -> r.interceptor().incomingResponse(message)) == Disposition.CONSUME) {
                return true;
            }
        }
        return false;
    }

    /** @return the waits an interceptor asked this request to be retransmitted after, or null when none asked */
    java.util.List<java.time.Duration> outgoingRequest(Message request, Transaction transaction) {
        List<Ranked> current = interceptors;
        if (current.isEmpty()) {
            return null;
        }
        OutgoingRequest view = new OutgoingRequest(request, () -> ContainerSessions.leg(transaction));
        for (Ranked r : current) {
            safely(r.interceptor(), view, () -> {
                r.interceptor().outgoingRequest(view);
                return Disposition.PASS;
            });
        }
        return view.waits;
    }

    /** An outgoing request that starts a client transaction, on which an interceptor may set the resend list. */
    private static final class OutgoingRequest extends JainSipMessage {

        private java.util.List<java.time.Duration> waits;

        OutgoingRequest(Message request, java.util.function.Supplier<java.util.Optional<io.sipsm.host.CallLeg>> leg) {
            super(request, leg);
        }

        @Override
        public boolean resendOn(java.util.List<java.time.Duration> newWaits) {
            for (java.time.Duration wait : newWaits) {
                if (wait.isZero() || wait.isNegative()) {
                    throw new IllegalArgumentException("retransmission waits must be positive, was " + newWaits);
                }
            }
            waits = newWaits.isEmpty() ? null : java.util.List.copyOf(newWaits);
            return true;
        }
    }

    /** @return where to report a reliable delivery an interceptor asked for, or null when none asked */
    java.util.function.Consumer<Boolean> outgoingResponse(Message response, Transaction transaction) {
        List<Ranked> current = interceptors;
        if (current.isEmpty()) {
            return null;
        }
        OutgoingResponse view = new OutgoingResponse(response, () -> ContainerSessions.leg(transaction),
                () -> transaction instanceof InterceptingTransactionFactory.ServerTransaction server
                        && !server.isReliableProvisionalPending()
                        && ReliableProvisional.applies(server.getRequest(), (javax.sip.message.Response) response));
        for (Ranked r : current) {
            safely(r.interceptor(), view, () -> {
                r.interceptor().outgoingResponse(view);
                return Disposition.PASS;
            });
        }
        return view.reliableOutcome;
    }

    /** An outgoing response, on which an interceptor may ask for reliable delivery. */
    private static final class OutgoingResponse extends JainSipMessage {

        private final java.util.function.BooleanSupplier canGoReliably;
        private java.util.function.Consumer<Boolean> reliableOutcome;

        OutgoingResponse(Message response, java.util.function.Supplier<java.util.Optional<io.sipsm.host.CallLeg>> leg,
                java.util.function.BooleanSupplier canGoReliably) {
            super(response, leg);
            this.canGoReliably = canGoReliably;
        }

        @Override
        public boolean sendReliably(java.util.function.Consumer<Boolean> outcome) {
            if (!canGoReliably.getAsBoolean()) {
                return false;
            }
            reliableOutcome = reliableOutcome == null ? outcome : reliableOutcome.andThen(outcome);
            return true;
        }
    }

    /** Tells every interceptor that the container discarded a leg's session. */
    void legEnded(SipSession session) {
        List<Ranked> current = interceptors;
        if (current.isEmpty()) {
            return;
        }
        ContainerCallLeg.of(session).ifPresent(leg -> {
            for (Ranked r : current) {
                try {
                    r.interceptor().legEnded(leg);
                } catch (RuntimeException e) {
                    LOG.warn("Interceptor {} failed on the end of leg {}", r.interceptor().getClass().getName(),
                            leg.callId(), e);
                }
            }
        });
    }

    private static boolean answeredByHost(ServerTransaction transaction) {
        return transaction != null && transaction.getApplicationData() == JainSipInboundRequest.ANSWERED_BY_HOST;
    }

    private static Disposition safely(SipMessageInterceptor interceptor, SipMessage message,
            java.util.function.Supplier<Disposition> call) {
        try {
            Disposition disposition = call.get();
            return disposition == null ? Disposition.PASS : disposition;
        } catch (RuntimeException e) {
            LOG.warn("Interceptor {} failed on {}; the message goes on", interceptor.getClass().getName(), message, e);
            return Disposition.PASS;
        }
    }
}
