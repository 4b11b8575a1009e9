package io.sipsm.config.internal;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.metrics.CounterFamily;

/**
 * Deny by default: an initial request from a source its tenant does not trust ({@link CallerTrust}) is taken only
 * from a user who passes digest authentication in the tenant's realm ({@link DigestUsers},
 * {@link DigestAuthenticator}); without users, or with wrong credentials, it gets 403 before any policy or
 * application sees it, so no session is made and nothing is relayed. Counted, never logged per request: a
 * scanner must not be able to fill the log.
 *
 * <p>The challenge is a 401 with WWW-Authenticate, not a 407: toward its callers the B2BUA is the UAS that
 * consumes the credentials (RFC 3261 22.2), and a 407 is for proxies, which an outbound proxy of the caller
 * might answer with credentials of its own. Every initial request is treated alike, OPTIONS included: RFC 3261
 * 11.2 wants an OPTIONS answered as an INVITE would be.
 */
final class CallerAdmission implements SipMessageInterceptor {

    /** Before every other policy: an untrusted request must not even get a 422 or a 420. */
    static final int RANKING = SipMessageInterceptor.Ranking.CALLER_ADMISSION;

    /** ACK and CANCEL belong to a transaction already taken (and cannot be challenged, RFC 3261 22.1); PUBLISH has its own sources (io.sipsm.publish). */
    private static final Set<String> NOT_CHECKED = Set.of("ACK", "CANCEL", "PUBLISH");

    /**
     * One header per challenge (RFC 8760 2.4), and respond() takes a map: names that differ in case only are
     * the same SIP header, added twice. At most one challenge per {@link DigestAlgorithm}.
     */
    private static final List<String> CHALLENGE_HEADERS = List.of("WWW-Authenticate", "www-authenticate");

    private static final Logger LOG = LoggerFactory.getLogger(CallerAdmission.class);

    /** Values of the label {@code outcome} of {@link #requests}. */
    private static final String TAKEN = "taken";
    private static final String AUTHENTICATED = "authenticated";
    private static final String REFUSED = "refused";

    private final SettingsResolver resolver;
    private final CallerTrust trust;
    private final DigestUsers users;
    private final DigestAuthenticator authenticator;
    /** Initial requests by what became of them; read by {@code sipsm:callers}, not published as metrics. */
    private final CounterFamily requests = new CounterFamily("sipsm_caller_requests_total",
            "Initial requests by admission: taken (trusted source), authenticated (digest), refused (403)", "outcome");
    private final CounterFamily notAuthenticated = new CounterFamily("sipsm_caller_not_authenticated_total",
            "Initial requests from untrusted sources not (yet) authenticated, by reason", "reason");
    private volatile String lastRefusedSource = "";

    CallerAdmission(SettingsResolver resolver, CallerTrust trust, DigestUsers users, DigestAuthenticator authenticator) {
        this.resolver = resolver;
        this.trust = trust;
        this.users = users;
        this.authenticator = authenticator;
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        if (!request.isInitial() || NOT_CHECKED.contains(request.method())) {
            forgetOurCredentials(request);
            return Disposition.PASS;
        }
        String source = request.remoteAddress();
        EffectiveSettings settings = resolver.resolve(new NewCall(request.requestDomain(), source, null));
        if (trust.trusts(source, settings.tenant())) {
            requests.increment(TAKEN);
            forgetOurCredentials(request); // a phone on a trusted range may still send what it cached
            return Disposition.PASS;
        }
        Optional<DigestRealm> realm = users.realm(settings.tenant());
        if (realm.isEmpty()) {
            return refuse(request, source, "untrusted");
        }
        DigestAuthenticator.Verdict verdict = authenticator.verify(request.method(), source,
                request.header("Authorization"), realm.get());
        if (verdict.kind() != DigestAuthenticator.Kind.AUTHENTICATED) {
            notAuthenticated.increment(label(verdict.reason()));
        }
        switch (verdict.kind()) {
            case AUTHENTICATED:
                requests.increment(AUTHENTICATED);
                // Consumed here (RFC 3261 22.2): the credentials are never relayed to a gateway.
                request.removeHeader("Authorization");
                LOG.debug("{} {} from {} authenticated as {}", request.method(), request.callId(), source,
                        verdict.user());
                return Disposition.PASS;
            case CHALLENGE:
                Map<String, String> headers = new LinkedHashMap<>();
                List<String> challenges = authenticator.challenges(realm.get(), source, verdict);
                for (int i = 0; i < challenges.size(); i++) {
                    headers.put(CHALLENGE_HEADERS.get(i), challenges.get(i));
                }
                LOG.debug("{} {} from {} challenged ({})", request.method(), request.callId(), source, verdict.reason());
                request.respond(401, "Unauthorized", headers);
                return Disposition.CONSUME;
            default:
                return refuse(request, source, "wrong credentials (" + verdict.reason() + ")");
        }
    }

    /**
     * A UA that authenticated sends its credentials again in the dialog (linphone puts them on its BYE), or on new
     * calls: they are for this host, never for the gateway the B2BUA relays the request to. Credentials for another realm (a
     * gateway's challenge the B2BUA passed on) are left alone.
     */
    private void forgetOurCredentials(InboundRequest request) {
        String authorization = request.header("Authorization");
        if (authorization != null && DigestParameters.parse(authorization).map(p -> p.get("realm"))
                .filter(users::isOurs).isPresent()) {
            request.removeHeader("Authorization");
        }
    }

    private Disposition refuse(InboundRequest request, String source, String why) {
        requests.increment(REFUSED);
        lastRefusedSource = source;
        LOG.debug("{} {} from {} answered 403: {}", request.method(), request.callId(), source, why);
        request.respond(403, "Forbidden", Map.of());
        return Disposition.CONSUME;
    }

    long taken() {
        return requests.get(TAKEN);
    }

    long refused() {
        return requests.get(REFUSED);
    }

    long authenticated() {
        return requests.get(AUTHENTICATED);
    }

    /** Requests from untrusted sources not (yet) authenticated, by reason; a 403 for credentials is in refused too. */
    Map<DigestAuthenticator.Reason, Long> notAuthenticated() {
        Map<DigestAuthenticator.Reason, Long> out = new EnumMap<>(DigestAuthenticator.Reason.class);
        for (DigestAuthenticator.Reason reason : DigestAuthenticator.Reason.values()) {
            out.put(reason, notAuthenticated.get(label(reason)));
        }
        return out;
    }

    private static String label(DigestAuthenticator.Reason reason) {
        return reason.name().toLowerCase(Locale.ROOT);
    }

    String lastRefusedSource() {
        return lastRefusedSource;
    }

    CallerTrust trust() {
        return trust;
    }

    DigestUsers users() {
        return users;
    }
}
