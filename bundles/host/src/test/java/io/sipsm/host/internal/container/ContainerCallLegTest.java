package io.sipsm.host.internal.container;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipSession;
import javax.sip.DialogState;

import org.junit.jupiter.api.Test;
import org.mobicents.javax.servlet.sip.SipSessionAsynchronousWork;
import org.mobicents.servlet.sip.core.session.MobicentsSipSession;
import org.mockito.ArgumentCaptor;

import gov.nist.javax.sip.header.Via;
import gov.nist.javax.sip.stack.SIPDialog;

/** Ending an outgoing leg whose dialog the stack has already terminated and released (seen under overload). */
class ContainerCallLegTest {

    private final MobicentsSipSession session = mock(MobicentsSipSession.class, RETURNS_DEEP_STUBS);
    private final SIPDialog dialog = mock(SIPDialog.class);
    private final SipServletRequest bye = mock(SipServletRequest.class);

    ContainerCallLegTest() {
        when(session.getId()).thenReturn("leg-1");
        when(session.isValidInternal()).thenReturn(true);
        when(session.getState()).thenReturn(SipSession.State.CONFIRMED);
        when(session.getSessionCreatingTransactionRequest()).thenReturn(null);
        when(session.getSessionCreatingDialog()).thenReturn(dialog);
        when(dialog.getState()).thenReturn(DialogState.TERMINATED);
        when(dialog.getLastResponseTopMostVia()).thenReturn(new Via());
        // What the stack does once the dialog is released: its first transaction's id is gone.
        when(dialog.getFirstTransactionInt()).thenThrow(new NullPointerException(
                "Cannot invoke \"Object.hashCode()\" because \"key\" is null"));
    }

    @Test
    void aTerminatedDialogGetsTheByeWithoutAnAck() throws Exception {
        when(session.createRequest("BYE")).thenReturn(bye);

        endAndRun();

        verify(dialog, never()).getFirstTransactionInt();
        verify(bye).setHeader("Reason", "SIP;cause=408;text=\"no ACK for the 2xx\"");
        verify(bye).send();
        verify(session.getSipApplicationSession(), never()).invalidate();
    }

    @Test
    void aLegTheStackCannotEndIsDiscardedNotLeftUp() throws Exception {
        when(session.createRequest("BYE")).thenThrow(new IllegalStateException("dialog released"));
        when(session.getSipApplicationSession().isValid()).thenReturn(true);

        endAndRun();

        verify(session.getSipApplicationSession()).invalidate();
    }

    @Test
    void aLegWhoseDialogTheStackReleasedIsForgottenWithoutTryingABye() throws Exception {
        // Past its linger time the stack keeps nothing to build a request from (the 2xx never acknowledged).
        when(dialog.getLastResponseTopMostVia()).thenReturn(null);

        endAndRun();

        verify(session, never()).createRequest(anyString());
        verify(session.getSipApplicationSession()).invalidate();
    }

    /** Ends the leg and runs the work it hands to the container's session lock. */
    private void endAndRun() {
        ContainerCallLeg.of(session).orElseThrow().end(408, "no ACK for the 2xx");
        ArgumentCaptor<SipSessionAsynchronousWork> work = ArgumentCaptor.forClass(SipSessionAsynchronousWork.class);
        verify(session.getSipApplicationSession().getSipContext().getSipSessionsUtil())
                .scheduleAsynchronousWork(eq("leg-1"), work.capture());
        work.getValue().doAsynchronousWork(session);
    }
}
