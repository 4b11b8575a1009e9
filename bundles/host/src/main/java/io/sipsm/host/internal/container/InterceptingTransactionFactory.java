package io.sipsm.host.internal.container;

import java.io.IOException;

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

import io.sipsm.host.ResendSchedule;
import io.sipsm.cdr.EndReason;
import io.sipsm.host.internal.prack.ReliableProvisional;
import io.sipsm.host.internal.rtt.LearnedT1;
import io.sipsm.host.internal.sip.Rejections;

/**
 * The outgoing half of the host SPI: transactions whose first send of a request or response passes the
 * interceptors. Named to the stack by the property {@code org.mobicents.ext.java.sip.TRANSACTION_FACTORY}.
 * Retransmissions reuse the message already intercepted; the ACK of a 2xx leaves through the dialog and is
 * not seen. Over UDP a client transaction retransmits on the resend list (the request's own, else the host's)
 * instead of the stack's timers, see {@link ListedRetransmissions}.
 */
public class InterceptingTransactionFactory implements TransactionFactory {

    /** The host's resend schedule for new client transactions; null: the stack's RFC 3261 timers. */
    private static volatile ResendSchedule hostSchedule;

    private SIPTransactionStack stack;

    /** Makes new client transactions over UDP follow this schedule (null: the stack's RFC 3261 timers). */
    public static void useResendSchedule(ResendSchedule schedule) {
        hostSchedule = schedule;
    }

    /** The schedule new client transactions over UDP follow, or null. */
    public static ResendSchedule resendSchedule() {
        return hostSchedule;
    }

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
        /** Set before the first send when this transaction retransmits on a resend list. */
        private volatile ListedRetransmissions listed;
        /** The peer's T1 is learned: its first response is a round-trip sample. */
        private volatile boolean measured;
        private volatile long firstSentNanos;

        ClientTransaction(SIPTransactionStack stack, MessageChannel channel) {
            super(stack, channel);
        }

        @Override
        public void sendMessage(SIPMessage message) throws IOException {
            // The first request through here is the transaction's own; later ones are the ACKs it makes itself.
            if (!intercepted && message instanceof Request request && !Request.ACK.equals(request.getMethod())) {
                intercepted = true;
                ResendSchedule own = InterceptorChain.INSTANCE.outgoingRequest(message, this);
                ResendSchedule schedule = own != null ? own : hostSchedule;
                if (schedule != null && LearnedT1.INSTANCE.learns(getPeerAddress(), getPeerPort())) {
                    schedule = LearnedT1.INSTANCE.adjust(schedule, getPeerAddress(), getPeerPort());
                    measured = true;
                }
                ListedRetransmissions retransmissions = listedFor(schedule);
                // Before the stack's first send, which arms its own timers through the methods below.
                listed = retransmissions;
                // Before the send: on loopback the answer may be processed before the send returns.
                firstSentNanos = System.nanoTime();
                super.sendMessage(message);
                if (retransmissions != null && awaitsAnswer()) {
                    retransmissions.start();
                }
                return;
            }
            super.sendMessage(message);
        }

        private ListedRetransmissions listedFor(ResendSchedule schedule) {
            InterceptingDispatcher dispatcher = InterceptingDispatcher.runningOrNull();
            if (schedule == null || dispatcher == null || isReliable()) {
                return null;
            }
            return new ListedRetransmissions(schedule, new ListedRetransmissions.Transaction() {
                @Override
                public void retransmit() {
                    fireRetransmissionTimer();
                }

                @Override
                public void timeOut() {
                    // Where the container's own timeouts of the host run (see InterceptingDispatcher.abandon): the
                    // application's failover must not hold up other transactions' retransmissions.
                    try {
                        dispatcher.timers().execute(ClientTransaction.this::timeOutIfUnanswered);
                    } catch (java.util.concurrent.RejectedExecutionException stopping) {
                        // The container is stopping; the transaction goes with it.
                    }
                }
            }, dispatcher.retransmissionTimers(), System::nanoTime);
        }

        private boolean awaitsAnswer() {
            int state = getInternalState();
            return state == TransactionState._CALLING || state == TransactionState._TRYING
                    || state == TransactionState._PROCEEDING;
        }

        private void timeOutIfUnanswered() {
            int state = getInternalState();
            if (state == TransactionState._CALLING || (!isInviteTransaction()
                    && (state == TransactionState._TRYING || state == TransactionState._PROCEEDING))) {
                fireTimeoutTimer();
            }
        }

        /** The schedule this transaction retransmits on, or null when the stack's (over TCP, or none set). */
        ResendSchedule resendSchedule() {
            ListedRetransmissions current = listed;
            return current == null ? null : current.schedule();
        }

        @Override
        protected void enableRetransmissionTimer(int tickCount) {
            if (listed == null) {
                super.enableRetransmissionTimer(tickCount);
            }
        }

        @Override
        protected void enableTimeoutTimer(int tickCount) {
            // Timers B and F (armed at the first send, and again by a 1xx to a non-INVITE) are the list's end;
            // Timer D, after a final response, stays the stack's.
            if (listed == null || !awaitsAnswer()) {
                super.enableTimeoutTimer(tickCount);
            }
        }

        @Override
        public synchronized void processResponse(SIPResponse response, MessageChannel channel, SIPDialog dialog) {
            if (measured && listed != null) {
                measured = false;
                LearnedT1.INSTANCE.sample(getPeerAddress(), getPeerPort(),
                        java.time.Duration.ofNanos(System.nanoTime() - firstSentNanos));
            }
            super.processResponse(response, channel, dialog);
        }

        @Override
        public void setState(int newState) {
            super.setState(newState);
            ListedRetransmissions current = listed;
            if (current != null && (newState == TransactionState._COMPLETED
                    || newState == TransactionState._TERMINATED
                    || (newState == TransactionState._PROCEEDING && isInviteTransaction()))) {
                // Answered (an INVITE stops at its first provisional, RFC 3261 17.1.1.2) or ended.
                current.stop();
            }
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
