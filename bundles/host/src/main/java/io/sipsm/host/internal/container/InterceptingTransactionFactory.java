package io.sipsm.host.internal.container;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sip.SipException;
import javax.sip.SipStack;
import javax.sip.TransactionState;
import javax.sip.message.Request;
import javax.sip.message.Response;
import java.util.function.Consumer;

import org.mobicents.ext.javax.sip.TransactionFactory;

import gov.nist.javax.sip.message.SIPMessage;
import gov.nist.javax.sip.message.SIPRequest;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.SIPDialog;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.MobicentsSIPClientTransaction;
import gov.nist.javax.sip.stack.MobicentsSIPServerTransaction;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPServerTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;

import io.sipsm.cdr.EndReason;
import io.sipsm.host.internal.prack.ReliableProvisional;
import io.sipsm.host.internal.sip.Rejections;
import io.sipsm.host.internal.sip.ListedRetransmissions;
import io.sipsm.host.internal.sip.Retransmissions;

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

    /**
     * The waits the host retransmits unanswered UDP requests after when no policy gave a request its own
     * (empty: the stack's RFC 3261 schedule).
     */
    private static volatile List<Duration> globalWaits = List.of();

    static void globalResendList(List<Duration> waits) {
        globalWaits = List.copyOf(waits);
    }

    static List<Duration> globalResendList() {
        return globalWaits;
    }

    static final class ClientTransaction extends MobicentsSIPClientTransaction {

        private boolean intercepted;
        /** True once the host, not the stack, retransmits this transaction's request. */
        private volatile boolean listed;

        ClientTransaction(SIPTransactionStack stack, MessageChannel channel) {
            super(stack, channel);
        }

        @Override
        public void sendMessage(SIPMessage message) throws IOException {
            // The first request through here is the transaction's own; later ones are the ACKs it makes itself.
            if (intercepted || !(message instanceof SIPRequest request) || Request.ACK.equals(request.getMethod())) {
                super.sendMessage(message);
                return;
            }
            intercepted = true;
            List<Duration> own = InterceptorChain.INSTANCE.outgoingRequest(message, this);
            List<Duration> waits = own != null ? own : globalWaits;
            ScheduledExecutorService timers = waits.isEmpty() || isReliable() ? null : InterceptingDispatcher.timersIfRunning();
            listed = timers != null;
            super.sendMessage(message);
            if (listed) {
                // Due times count from here, when the original has left: measured on the wire this is within a
                // few ms of the datagram (the time before it, taken before the send, was 5-20 ms early: the
                // original's send sets the transaction up first, its copies' sends do not).
                startListed(request, waits, timers, System.nanoTime());
            }
        }

        /**
         * Takes the retransmissions over from the stack (Timer A/E) and follows the list; the stack's transaction
         * timeout (Timer B/F, 64·T1) stays the backstop, moved out when the list needs longer, so that the last
         * copy has its wait to be answered.
         */
        private void startListed(SIPRequest request, List<Duration> waits, ScheduledExecutorService timers,
                long sentNanos) {
            long t1 = Math.max(1, getBaseTimerInterval());
            long windowTicks = (ListedRetransmissions.answerWindow(waits).toMillis() + t1 - 1) / t1;
            if (windowTicks > TIMER_B) {
                enableTimeoutTimer((int) Math.min(Integer.MAX_VALUE, windowTicks));
            }
            ListedRetransmissions.start(waits, new ListedRetransmissions.Request() {
                @Override
                public boolean unanswered() {
                    return isTransactionMapped() && resending(getInternalState());
                }

                @Override
                public void resend() throws Exception {
                    Retransmissions.INSTANCE.sent();
                    ClientTransaction.super.sendMessage(request);
                }
            }, (task, delayNanos) -> {
                try {
                    timers.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                } catch (RejectedExecutionException e) {
                    // The container is stopping: its transactions go with it.
                }
            }, System::nanoTime, sentNanos);
        }

        /** RFC 3261: an INVITE is sent again only in CALLING, other requests in TRYING and PROCEEDING. */
        private boolean resending(int state) {
            return isInviteTransaction() ? state == TransactionState._CALLING
                    : state == TransactionState._TRYING || state == TransactionState._PROCEEDING;
        }

        /**
         * Counts the request the stack is about to send again: it does so (timers A and E, UDP only) while no
         * response came, in CALLING for an INVITE, in TRYING or PROCEEDING for other methods; does nothing when
         * the host retransmits on a list instead.
         */
        @Override
        public void fireRetransmissionTimer() {
            if (listed) {
                return;
            }
            if (isTransactionMapped() && getOriginalRequest() != null && resending(getInternalState())) {
                Retransmissions.INSTANCE.sent();
            }
            super.fireRetransmissionTimer();
        }
    }

    static final class ServerTransaction extends MobicentsSIPServerTransaction {

        private volatile ReliableProvisional reliable;
        /** The host answered the INVITE with an error for a policy and ended the application's session. */
        private volatile boolean rejectedByHost;

        ServerTransaction(SIPTransactionStack stack, MessageChannel channel) {
            super(stack, channel);
        }

        boolean rejectedByHost() {
            return rejectedByHost;
        }

        @Override
        public void sendResponse(Response response) throws SipException {
            Consumer<Boolean> reliableOutcome = InterceptorChain.INSTANCE.outgoingResponse(response, this);
            ReliableProvisional current = reliable;
            boolean previousPending = current != null && current.isPending();
            if (reliableOutcome != null && !previousPending && ReliableProvisional.applies(getRequest(), response)) {
                startReliable(response, reliableOutcome);
                return;
            }
            if (current != null && response.getStatusCode() >= 200) {
                if (current.holdIfNeeded(response)) {
                    return;
                }
                current.finalSent();
            }
            super.sendResponse(response);
        }

        boolean isReliableProvisionalPending() {
            ReliableProvisional current = reliable;
            return current != null && current.isPending();
        }

        private void startReliable(Response response, Consumer<Boolean> outcome) throws SipException {
            InterceptingDispatcher dispatcher = InterceptingDispatcher.running();
            try {
                reliable = ReliableProvisional.start(new ReliableProvisional.Wire() {
                    @Override
                    public void sendReliably(Response provisional) throws Exception {
                        // As the dialog's own sendReliableProvisionalResponse does, but without its 2xx-style
                        // retransmission timer. The stack files an early server dialog under its id only when the
                        // local tag is new, which the container may have set already: file it here, or the PRACK
                        // finds no dialog and is passed to the application.
                        if (getDialog() instanceof SIPDialog dialog) {
                            dialog.setLastResponse(ServerTransaction.this, (SIPResponse) provisional);
                            dialog.setDialogId(((SIPResponse) provisional).getDialogId(true));
                            getSIPStack().putDialog(dialog);
                        }
                        ServerTransaction.this.sendReliableProvisionalResponse(provisional);
                        ReliableProvisional.silenceStackRetransmission(ServerTransaction.this);
                    }

                    @Override
                    public void resend() throws Exception {
                        resendLastResponseAsBytes();
                    }

                    @Override
                    public void sendFinal(Response held) throws Exception {
                        ServerTransaction.super.sendResponse(held);
                    }

                    @Override
                    public void prackReceived() {
                        ServerTransaction.this.prackRecieved();
                    }

                    @Override
                    public void reject(Response provisional, int status) throws Exception {
                        rejectedByHost = true;
                        ServerTransaction.super.sendResponse(Rejections.inEarlyDialog(getRequest(), provisional, status,
                                "no PRACK for the reliable provisional response"));
                        ContainerSessions.leg(ServerTransaction.this).ifPresent(leg -> ((ContainerCallLeg) leg).discard(
                                EndReason.PRACK_TIMEOUT, status, "no PRACK for the reliable provisional response"));
                    }
                }, dispatcher.timers(), dispatcher.getBaseTimerInterval(), response, outcome);
            } catch (SipException e) {
                throw e;
            } catch (Exception e) {
                throw new SipException("Reliable provisional response not sent: " + e.getMessage(), e);
            }
        }
    }
}
