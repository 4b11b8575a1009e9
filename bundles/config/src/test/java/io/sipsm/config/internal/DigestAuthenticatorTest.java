package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.sipsm.config.internal.DigestAuthenticator.Kind;
import io.sipsm.config.internal.DigestAuthenticator.Reason;
import io.sipsm.config.internal.DigestAuthenticator.Verdict;

class DigestAuthenticatorTest {

    private static final String REALM = "sipsm";
    private static final String URI = "sip:100@192.0.2.1:5060";
    private static final String SOURCE = "198.51.100.7";

    private final MutableClock clock = new MutableClock();
    private final DigestNonces nonces = new DigestNonces(clock, Duration.ofMinutes(5), 1000);
    private final DigestAuthenticator authenticator = new DigestAuthenticator(nonces);
    private final DigestRealm realm = new DigestRealm(REALM, Map.of("alice", Map.of(
            DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_256.hex("alice:sipsm:secret"),
            DigestAlgorithm.MD5, DigestAlgorithm.MD5.hex("alice:sipsm:secret"))));

    @Test
    void rfc2617Section35ExampleMd5() {
        String ha1 = DigestAlgorithm.MD5.hex("Mufasa:testrealm@host.com:Circle Of Life");
        assertEquals("6629fae49393a05397450978507c4ef1", DigestAuthenticator.expectedResponse(DigestAlgorithm.MD5,
                ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "GET", "/dir/index.html"));
    }

    @Test
    void rfc7616Section391ExamplesSha256AndMd5() {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        String user = "Mufasa:http-auth@example.org:Circle of Life";
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                DigestAuthenticator.expectedResponse(DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_256.hex(user),
                        nonce, "00000001", cnonce, "GET", "/dir/index.html"));
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestAuthenticator.expectedResponse(DigestAlgorithm.MD5,
                DigestAlgorithm.MD5.hex(user), nonce, "00000001", cnonce, "GET", "/dir/index.html"));
    }

    @Test
    void noCredentialsAreChallengedWithSha256First() {
        Verdict verdict = verify(null);
        assertEquals(Kind.CHALLENGE, verdict.kind());
        assertEquals(Reason.NO_CREDENTIALS, verdict.reason());
        List<String> challenges = authenticator.challenges(realm, SOURCE, verdict);
        assertEquals(2, challenges.size());
        assertTrue(challenges.get(0).matches("Digest realm=\"sipsm\", nonce=\"[A-Za-z0-9_-]{43}\", algorithm=SHA-256,"
                + " qop=\"auth\""), challenges.get(0));
        assertTrue(challenges.get(1).contains("algorithm=MD5"), challenges.get(1));
        assertFalse(challenges.get(0).contains("stale"));
    }

    @Test
    void theRightPasswordAuthenticatesOnceAndAReplayIsChallenged() {
        String nonce = nonce();
        for (DigestAlgorithm algorithm : DigestAlgorithm.values()) {
            String nc = algorithm == DigestAlgorithm.SHA_256 ? "00000001" : "00000002";
            Verdict verdict = verify(credentials(algorithm, "secret", nonce, nc, URI));
            assertEquals(Kind.AUTHENTICATED, verdict.kind(), algorithm.token());
            assertEquals("alice", verdict.user());
        }
        Verdict replay = verify(credentials(DigestAlgorithm.MD5, "secret", nonce, "00000002", URI));
        assertEquals(Kind.CHALLENGE, replay.kind());
        assertEquals(Reason.REPLAYED, replay.reason());
        Verdict older = verify(credentials(DigestAlgorithm.MD5, "secret", nonce, "00000001", URI));
        assertEquals(Reason.REPLAYED, older.reason());
        assertEquals(Kind.AUTHENTICATED, verify(credentials(DigestAlgorithm.MD5, "secret", nonce, "00000003", URI))
                .kind());
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsForbidden() {
        assertEquals(new Verdict(Kind.FORBIDDEN, Reason.WRONG_RESPONSE, null, false, List.of()),
                verify(credentials(DigestAlgorithm.SHA_256, "guess", nonce(), "00000001", URI)));
        String unknown = credentials(DigestAlgorithm.SHA_256, "secret", nonce(), "00000001", URI)
                .replace("username=\"alice\"", "username=\"mallory\"");
        assertEquals(Reason.UNKNOWN_USER, verify(unknown).reason());
    }

    @Test
    void anExpiredNonceIsChallengedAsStale() {
        String nonce = nonce();
        clock.advance(Duration.ofMinutes(5));
        Verdict verdict = verify(credentials(DigestAlgorithm.SHA_256, "secret", nonce, "00000001", URI));
        assertEquals(Kind.CHALLENGE, verdict.kind());
        assertTrue(verdict.stale());
        assertTrue(authenticator.challenges(realm, SOURCE, verdict).get(0).endsWith(", stale=true"));
    }

    @Test
    void aNonceIssuedToAnotherAddressOrRealmOrMadeUpIsNotOurs() {
        String elsewhere = nonces.issue(REALM, "203.0.113.5");
        assertEquals(Reason.FOREIGN_NONCE, verify(credentials(DigestAlgorithm.MD5, "secret", elsewhere, "00000001", URI))
                .reason());
        String otherRealm = nonces.issue("other", SOURCE);
        assertEquals(Reason.FOREIGN_NONCE, verify(credentials(DigestAlgorithm.MD5, "secret", otherRealm, "00000001",
                URI)).reason());
        assertEquals(Reason.FOREIGN_NONCE, verify(credentials(DigestAlgorithm.MD5, "secret", "dcd98b7102dd2f0e8b11d0f6",
                "00000001", URI)).reason());
        // A nonce of a previous start (another key) is not ours either.
        String beforeRestart = new DigestNonces(clock, Duration.ofMinutes(5), 10).issue(REALM, SOURCE);
        assertEquals(Reason.FOREIGN_NONCE, verify(credentials(DigestAlgorithm.MD5, "secret", beforeRestart,
                "00000001", URI)).reason());
    }

    @Test
    void theUriSignedNeedNotBeTheRequestUriAProxyMayHaveRewritten() {
        Verdict verdict = verify(credentials(DigestAlgorithm.SHA_256, "secret", nonce(), "00000001",
                "sip:192.0.2.1:5060"));
        assertEquals(Kind.AUTHENTICATED, verdict.kind());
    }

    @Test
    void anotherRealmOrAnAlgorithmNotOfferedIsChallengedAgain() {
        assertEquals(Reason.OTHER_REALM, verify(credentials(DigestAlgorithm.MD5, "secret", nonce(), "00000001", URI)
                .replace("realm=\"sipsm\"", "realm=\"elsewhere\"")).reason());
        assertEquals(Kind.CHALLENGE, verify(credentials(DigestAlgorithm.MD5, "secret", nonce(), "00000001", URI)
                .replace("algorithm=MD5", "algorithm=SHA-512-256")).kind());
        DigestRealm md5Only = new DigestRealm(REALM, Map.of("bob", Map.of(DigestAlgorithm.MD5,
                DigestAlgorithm.MD5.hex("bob:sipsm:pw"))));
        assertEquals(List.of(DigestAlgorithm.MD5), authenticator.verify("INVITE", SOURCE, null, md5Only)
                .algorithms());
    }

    @Test
    void withoutQopANonceServesOnce() {
        String nonce = nonce();
        String ha1 = DigestAlgorithm.MD5.hex("alice:sipsm:secret");
        String response = DigestAuthenticator.expectedResponse(DigestAlgorithm.MD5, ha1, nonce, null, null, "INVITE",
                URI);
        String header = "Digest username=\"alice\", realm=\"sipsm\", nonce=\"" + nonce + "\", uri=\"" + URI
                + "\", response=\"" + response + "\", algorithm=MD5";
        assertEquals(Kind.AUTHENTICATED, verify(header).kind());
        assertEquals(Reason.REPLAYED, verify(header).reason());
    }

    @Test
    void malformedCredentialsAreChallengedNeverThrown() {
        for (String header : List.of("", "Basic YWxhZGRpbjpvcGVuc2VzYW1l", "Digest", "Digest username=\"alice",
                "Digest username=alice, username=bob", "Digest =x", "Digest nonce", "Digest username=\"a\\",
                "Digest username=\"alice\", realm=\"sipsm\", nonce=\"" + nonce() + "\", uri=\"" + URI
                        + "\", response=\"00\", qop=auth, nc=zz, cnonce=\"c\"",
                "Digest " + "x=y,".repeat(2000))) {
            Verdict verdict = verify(header);
            assertEquals(Kind.CHALLENGE, verdict.kind(), header);
        }
    }

    @Test
    void aFullNonceRecordAsksForAFreshNonceInsteadOfForgetting() {
        DigestAuthenticator small = new DigestAuthenticator(new DigestNonces(clock, Duration.ofMinutes(5), 1));
        Verdict first = small.verify("INVITE", SOURCE, null, realm);
        String n1 = nonceOf(small.challenges(realm, SOURCE, first).get(0));
        assertEquals(Kind.AUTHENTICATED, small.verify("INVITE", SOURCE,
                credentials(DigestAlgorithm.MD5, "secret", n1, "00000001", URI), realm).kind());
        String n2 = nonceOf(small.challenges(realm, SOURCE, first).get(0));
        Verdict full = small.verify("INVITE", SOURCE, credentials(DigestAlgorithm.MD5, "secret", n2, "00000001",
                URI), realm);
        assertEquals(Reason.NONCE_RECORD_FULL, full.reason());
        assertTrue(full.stale());
        clock.advance(Duration.ofMinutes(6));
        String n3 = nonceOf(small.challenges(realm, SOURCE, first).get(0));
        assertEquals(Kind.AUTHENTICATED, small.verify("INVITE", SOURCE,
                credentials(DigestAlgorithm.MD5, "secret", n3, "00000001", URI), realm).kind());
    }

    private Verdict verify(String authorization) {
        return authenticator.verify("INVITE", SOURCE, authorization, realm);
    }

    private String nonce() {
        return nonceOf(authenticator.challenges(realm, SOURCE, verify(null)).get(0));
    }

    private static String nonceOf(String challenge) {
        Matcher m = Pattern.compile("nonce=\"([^\"]+)\"").matcher(challenge);
        assertTrue(m.find());
        return m.group(1);
    }

    /** What a UA knowing {@code password} sends (qop=auth). */
    static String credentials(DigestAlgorithm algorithm, String password, String nonce, String nc, String uri) {
        String ha1 = algorithm.hex("alice:sipsm:" + password);
        String response = DigestAuthenticator.expectedResponse(algorithm, ha1, nonce, nc, "0a4f113b", "INVITE", uri);
        return "Digest username=\"alice\", realm=\"sipsm\", nonce=\"" + nonce + "\", uri=\"" + uri + "\", response=\""
                + response + "\", algorithm=" + algorithm.token() + ", cnonce=\"0a4f113b\", qop=auth, nc=" + nc;
    }
}
