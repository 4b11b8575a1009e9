package io.sipsm.host.internal.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import javax.sip.message.Request;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import gov.nist.javax.sip.message.SIPRequest;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;

class InterceptorChainResendTest {

    private SipMessageInterceptor added;

    @AfterEach
    void remove() {
        if (added != null) {
            InterceptorChain.INSTANCE.remove(added);
        }
    }

    private static Request invite() {
        SIPRequest request = new SIPRequest();
        request.setMethod(Request.INVITE);
        return request;
    }

    private void add(java.util.function.Consumer<SipMessage> onOutgoingRequest) {
        added = new SipMessageInterceptor() {
            @Override
            public void outgoingRequest(SipMessage request) {
                onOutgoingRequest.accept(request);
            }
        };
        InterceptorChain.INSTANCE.add(added, 0, 1, "test");
    }

    @Test
    void theListAnInterceptorGivesAnOutgoingRequestComesBackToTheTransaction() {
        List<Duration> waits = List.of(Duration.ofMillis(500), Duration.ofSeconds(1));
        boolean[] accepted = new boolean[1];
        add(request -> accepted[0] = request.resendOn(waits));

        assertEquals(waits, InterceptorChain.INSTANCE.outgoingRequest(invite(), null));
        assertTrue(accepted[0]);
    }

    @Test
    void noListWhenNoInterceptorAsksOrOneAsksForNone() {
        add(request -> { });
        assertNull(InterceptorChain.INSTANCE.outgoingRequest(invite(), null));
        InterceptorChain.INSTANCE.remove(added);

        add(request -> request.resendOn(List.of()));
        assertNull(InterceptorChain.INSTANCE.outgoingRequest(invite(), null));
    }

    @Test
    void aWaitThatIsNotPositiveIsRefusedAndTheHostsScheduleStays() {
        // The interceptor's exception is caught and logged by the chain, like any interceptor failure.
        add(request -> request.resendOn(List.of(Duration.ZERO)));
        assertNull(InterceptorChain.INSTANCE.outgoingRequest(invite(), null));
    }
}
