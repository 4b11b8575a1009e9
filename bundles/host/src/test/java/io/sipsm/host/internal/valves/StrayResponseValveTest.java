package io.sipsm.host.internal.valves;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.SipStackImpl;
import gov.nist.javax.sip.message.SIPResponse;
import gov.nist.javax.sip.stack.MessageChannel;
import gov.nist.javax.sip.stack.SIPClientTransaction;
import gov.nist.javax.sip.stack.SIPTransactionStack;
import gov.nist.javax.sip.stack.ServerResponseInterface;
import gov.nist.javax.sip.stack.StackMessageFactory;

/** Responses without a client transaction skip the stack's search of every transaction. */
class StrayResponseValveTest {

    private final SipStackImpl stack = mock(SipStackImpl.class);
    private final StackMessageFactory dialogs = mock(StackMessageFactory.class);
    private final ServerResponseInterface handler = mock(ServerResponseInterface.class);
    private final MessageChannel channel = mock(MessageChannel.class);
    private final StrayResponseValve valve = new StrayResponseValve();

    StrayResponseValveTest() throws Exception {
        Field factory = SIPTransactionStack.class.getDeclaredField("sipMessageFactory");
        factory.setAccessible(true);
        factory.set(stack, dialogs);
        when(dialogs.newSIPServerResponse(any(), any())).thenReturn(handler);
        valve.init(stack);
    }

    @Test
    void aResponseWhoseBranchNamesNoTransactionGoesStraightToTheDialogs() {
        SIPResponse response = response("z9hg4bk-gone");

        assertFalse(valve.processResponse(response, channel));

        verify(handler).processResponse(response, channel);
    }

    @Test
    void aResponseOfALiveTransactionIsLeftToTheStack() {
        SIPResponse response = response("z9hg4bk-live");
        when(stack.findTransaction("z9hg4bk-live", false)).thenReturn(mock(SIPClientTransaction.class));

        assertTrue(valve.processResponse(response, channel));

        verify(dialogs, never()).newSIPServerResponse(any(), any());
    }

    @Test
    void aResponseWithoutAnRfc3261BranchIsLeftToTheStacksSearch() {
        // RFC 2543 peers: their transactions match by comparing headers, which only the search does.
        assertTrue(valve.processResponse(response("old-style-branch"), channel));

        verify(dialogs, never()).newSIPServerResponse(any(), any());
    }

    /** A response as the stack reads it: its transaction id is the top Via's branch in lower case. */
    private static SIPResponse response(String transactionId) {
        SIPResponse response = mock(SIPResponse.class);
        when(response.getTransactionId()).thenReturn(transactionId);
        return response;
    }
}
