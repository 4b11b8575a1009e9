package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
    private final DigestUsers users = new DigestUsers();
    private final CallerAdmission admission = new CallerAdmission(registry, trust, users,
            new DigestAuthenticator(new DigestNonces(Clock.systemUTC(), java.time.Duration.ofMinutes(5), 100)));

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

    @Test
    void anUntrustedSourceWithUsersConfiguredIsChallengedThenAuthenticatedOrRefused() {
        trust.updateGlobal(Dictionaries.of("trusted.sources", "127.0.0.2"));
        users.updateGlobal(Dictionaries.of("auth.user.alice", "SHA-256:" + DigestAlgorithm.SHA_256.hex(
                "alice:sipsm:secret") + ",MD5:" + DigestAlgorithm.MD5.hex("alice:sipsm:secret")));
        InboundRequest invite = request("INVITE", "127.0.0.1", true);
        when(invite.requestUri()).thenReturn("sip:100@127.0.0.1");
        org.mockito.ArgumentCaptor<Map<String, String>> headers = org.mockito.ArgumentCaptor.forClass(Map.class);
        assertEquals(Disposition.CONSUME, admission.incomingRequest(invite));
        verify(invite).respond(org.mockito.ArgumentMatchers.eq(401), org.mockito.ArgumentMatchers.eq("Unauthorized"),
                headers.capture());
        java.util.List<String> challenges = java.util.List.copyOf(headers.getValue().values());
        assertEquals(2, challenges.size());
        assertEquals(2, headers.getValue().keySet().stream().filter(k -> k.equalsIgnoreCase("WWW-Authenticate"))
                .count());
        assertTrue(challenges.get(0).contains("algorithm=SHA-256"));
        java.util.regex.Matcher nonce = java.util.regex.Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenges.get(0));
        assertTrue(nonce.find());

        InboundRequest answered = request("INVITE", "127.0.0.1", true);
        when(answered.requestUri()).thenReturn("sip:100@127.0.0.1");
        when(answered.header("Authorization")).thenReturn(DigestAuthenticatorTest.credentials(DigestAlgorithm.SHA_256,
                "secret", nonce.group(1), "00000001", "sip:100@127.0.0.1"));
        assertEquals(Disposition.PASS, admission.incomingRequest(answered));
        verify(answered).removeHeader("Authorization");
        assertEquals(1, admission.authenticated());

        InboundRequest wrong = request("INVITE", "127.0.0.1", true);
        when(wrong.requestUri()).thenReturn("sip:100@127.0.0.1");
        when(wrong.header("Authorization")).thenReturn(DigestAuthenticatorTest.credentials(DigestAlgorithm.SHA_256,
                "guess", nonce.group(1), "00000002", "sip:100@127.0.0.1"));
        assertEquals(Disposition.CONSUME, admission.incomingRequest(wrong));
        verify(wrong).respond(403, "Forbidden", Map.of());
        assertEquals(1, admission.refused());
        assertEquals(1L, admission.notAuthenticated().get(DigestAuthenticator.Reason.WRONG_RESPONSE));
        assertEquals(1L, admission.notAuthenticated().get(DigestAuthenticator.Reason.NO_CREDENTIALS));
    }

    @Test
    void ourCredentialsRepeatedInADialogAreNotRelayedOthersAre() {
        users.updateGlobal(Dictionaries.of("auth.user.alice", "MD5:" + DigestAlgorithm.MD5.hex("alice:sipsm:secret")));
        InboundRequest bye = request("BYE", "127.0.0.1", false);
        when(bye.header("Authorization")).thenReturn("Digest realm=\"sipsm\", username=\"alice\", nonce=\"n\"");
        assertEquals(Disposition.PASS, admission.incomingRequest(bye));
        verify(bye).removeHeader("Authorization");
        InboundRequest forGateway = request("BYE", "127.0.0.1", false);
        when(forGateway.header("Authorization")).thenReturn("Digest realm=\"gateway\", username=\"b2bua\"");
        assertEquals(Disposition.PASS, admission.incomingRequest(forGateway));
        verify(forGateway, never()).removeHeader("Authorization");
        InboundRequest trustedInvite = request("INVITE", "127.0.0.1", true);
        when(trustedInvite.header("Authorization")).thenReturn("Digest realm=\"sipsm\", username=\"alice\"");
        assertEquals(Disposition.PASS, admission.incomingRequest(trustedInvite));
        verify(trustedInvite).removeHeader("Authorization");
    }
}
