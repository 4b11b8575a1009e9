package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessageInterceptor.Disposition;

class CallerAdmissionTest {

    private final SettingsRegistry registry = new SettingsRegistry(Clock.systemUTC(), global -> { });
    private final CallerTrust trust = new CallerTrust();
    private final CallerAdmission admission = new CallerAdmission(registry, trust);

    private static InboundRequest request(String method, String source, boolean initial) {
        InboundRequest request = mock(InboundRequest.class);
        when(request.method()).thenReturn(method);
        when(request.remoteAddress()).thenReturn(source);
        when(request.isInitial()).thenReturn(initial);
        when(request.requestDomain()).thenReturn("127.0.0.1");
        when(request.callId()).thenReturn("call-1");
        return request;
    }

    @Test
    void anUntrustedSourcesInviteGets403AndGoesNoFurther() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        InboundRequest invite = request("INVITE", "127.0.0.1", true);
        assertEquals(Disposition.CONSUME, admission.incomingRequest(invite));
        verify(invite).respond(403, "Forbidden", Map.of());
        assertEquals(1, admission.refused());
        assertEquals("127.0.0.1", admission.lastRefusedSource());

        InboundRequest options = request("OPTIONS", "192.0.2.9", true);
        assertEquals(Disposition.CONSUME, admission.incomingRequest(options));
        assertEquals(2, admission.refused());
    }

    @Test
    void aTrustedSourcePassesAndIsCounted() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        InboundRequest invite = request("INVITE", "127.0.0.2", true);
        assertEquals(Disposition.PASS, admission.incomingRequest(invite));
        verify(invite, never()).respond(anyInt(), anyString(), org.mockito.ArgumentMatchers.any());
        assertEquals(1, admission.taken());
    }

    @Test
    void requestsInsideCallsAndPublishAreNotItsBusiness() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        assertEquals(Disposition.PASS, admission.incomingRequest(request("BYE", "127.0.0.1", false)));
        assertEquals(Disposition.PASS, admission.incomingRequest(request("ACK", "127.0.0.1", true)));
        assertEquals(Disposition.PASS, admission.incomingRequest(request("CANCEL", "127.0.0.1", true)));
        assertEquals(Disposition.PASS, admission.incomingRequest(request("PUBLISH", "127.0.0.1", true)));
        assertEquals(0, admission.refused());
    }

    @Test
    void theTenantOfTheCallDecides() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        String pid = "io.sipsm.sip.tenant~lab";
        var tenant = Dictionaries.of("tenant.selector", "source:127.0.0.1", "trusted.sources", "127.0.0.1");
        registry.updateTenant(pid, tenant);
        trust.updateTenant(pid, tenant);
        assertEquals(Disposition.PASS, admission.incomingRequest(request("INVITE", "127.0.0.1", true)));
    }
}
