package io.sipsm.config.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * SIP digest authentication of a request (RFC 3261 22, RFC 7616 with RFC 8760's SHA-256, qop=auth): decides
 * from the Authorization value alone whether the request is authenticated, is to be challenged, or refused.
 * Pure: the nonces ({@link DigestNonces}) are its only state.
 *
 * <p>Wrong credentials for a nonce we issued and that is still fresh are refused with 403, not challenged again:
 * the UA has already used the password it has (RFC 3261 22.2 forbids it to retry the same one), and a fresh
 * challenge would only give a guesser another try per round trip. An expired nonce is challenged with
 * {@code stale=true} (the UA retries without asking its user, RFC 7616 3.3); a replayed nonce count, a nonce
 * not ours, credentials for another realm or an algorithm we do not offer are challenged again.
 */
final class DigestAuthenticator {

    /** What to do with a request. */
    enum Kind { AUTHENTICATED, CHALLENGE, FORBIDDEN }

    /** Why, for the counters. */
    enum Reason { OK, NO_CREDENTIALS, OTHER_REALM, FOREIGN_NONCE, STALE_NONCE, REPLAYED, UNKNOWN_USER,
        WRONG_RESPONSE, MALFORMED, NONCE_RECORD_FULL }

    /**
     * @param user the authenticated user name, for AUTHENTICATED
     * @param stale for CHALLENGE: the credentials were good but the nonce expired
     * @param algorithms for CHALLENGE: the algorithms to offer, strongest first
     */
    record Verdict(Kind kind, Reason reason, String user, boolean stale, List<DigestAlgorithm> algorithms) {
    }

    private final DigestNonces nonces;

    DigestAuthenticator(DigestNonces nonces) {
        this.nonces = nonces;
    }

    Verdict verify(String method, String source, String authorization, DigestRealm realm) {
        if (authorization == null) {
            return challenge(Reason.NO_CREDENTIALS, false, realm.offered());
        }
        Optional<Map<String, String>> parsed = DigestParameters.parse(authorization);
        if (parsed.isEmpty()) {
            return challenge(Reason.MALFORMED, false, realm.offered());
        }
        Map<String, String> p = parsed.get();
        String username = p.get("username");
        String nonce = p.get("nonce");
        String uri = p.get("uri");
        String response = p.get("response");
        if (username == null || nonce == null || uri == null || response == null) {
            return challenge(Reason.MALFORMED, false, realm.offered());
        }
        if (!realm.name().equals(p.get("realm"))) {
            return challenge(Reason.OTHER_REALM, false, realm.offered());
        }
        Optional<DigestAlgorithm> algorithm = DigestAlgorithm.forToken(p.get("algorithm"));
        if (algorithm.isEmpty() || !realm.offered().contains(algorithm.get())) {
            return challenge(Reason.MALFORMED, false, realm.offered());
        }
        switch (nonces.check(nonce, realm.name(), source)) {
            case FOREIGN:
                return challenge(Reason.FOREIGN_NONCE, false, realm.offered());
            case EXPIRED:
                return challenge(Reason.STALE_NONCE, true, realm.offered());
            default:
                break;
        }
        String qop = p.get("qop");
        long count;
        if (qop == null) {
            count = 0; // RFC 2069 style: no nonce count, so the nonce serves once
        } else if (qop.equalsIgnoreCase("auth") && p.get("cnonce") != null && p.getOrDefault("nc", "").matches(
                "[0-9a-fA-F]{8}")) {
            count = Long.parseLong(p.get("nc"), 16);
        } else {
            return challenge(Reason.MALFORMED, false, realm.offered());
        }
        // The uri is not compared with the Request-URI (HTTP's RFC 7616 3.4.6 would): in SIP a proxy on the way may
        // rewrite the Request-URI after the UA signed it (RFC 3261 22.4 has the UA put its own), and SIPp signs
        // sip:host:port whatever it calls. The response still covers the uri it names, and replays are refused.
        Map<DigestAlgorithm, String> ha1s = realm.users().get(username);
        if (ha1s == null) {
            return forbidden(Reason.UNKNOWN_USER);
        }
        String ha1 = ha1s.get(algorithm.get());
        if (ha1 == null) {
            return challenge(Reason.MALFORMED, false, realm.offered(username));
        }
        String expected = expectedResponse(algorithm.get(), ha1, nonce, qop == null ? null : p.get("nc"),
                p.get("cnonce"), method, uri);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                response.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
            return forbidden(Reason.WRONG_RESPONSE);
        }
        return switch (nonces.use(nonce, count)) {
            case ACCEPTED -> new Verdict(Kind.AUTHENTICATED, Reason.OK, username, false, List.of());
            case REPLAYED -> challenge(Reason.REPLAYED, false, realm.offered());
            case FULL -> challenge(Reason.NONCE_RECORD_FULL, true, realm.offered());
        };
    }

    /** The WWW-Authenticate values for a challenge, one per algorithm, strongest first (RFC 8760 2.4). */
    List<String> challenges(DigestRealm realm, String source, Verdict verdict) {
        String nonce = nonces.issue(realm.name(), source);
        return verdict.algorithms().stream().map(algorithm -> "Digest realm=\"" + realm.name() + "\", nonce=\""
                + nonce + "\", algorithm=" + algorithm.token() + ", qop=\"auth\"" + (verdict.stale() ? ", stale=true"
                        : "")).toList();
    }

    /** RFC 7616 3.4.1 (qop=auth) or RFC 2069 (no qop): the response a UA knowing the password sends. */
    static String expectedResponse(DigestAlgorithm algorithm, String ha1, String nonce, String nc, String cnonce,
            String method, String uri) {
        String ha2 = algorithm.hex(method + ":" + uri);
        return nc == null ? algorithm.hex(ha1 + ":" + nonce + ":" + ha2)
                : algorithm.hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":auth:" + ha2);
    }

    private static Verdict challenge(Reason reason, boolean stale, List<DigestAlgorithm> algorithms) {
        return new Verdict(Kind.CHALLENGE, reason, null, stale, algorithms);
    }

    private static Verdict forbidden(Reason reason) {
        return new Verdict(Kind.FORBIDDEN, reason, null, false, List.of());
    }
}
