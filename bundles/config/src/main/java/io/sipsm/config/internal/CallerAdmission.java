package io.sipsm.config.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.SipMessageInterceptor;

/**
 * Deny by default: an initial request from a source its tenant does not trust ({@link CallerTrust}) gets 403
 * before any policy or application sees it, so no session is made and nothing is relayed. Counted, never logged
 * per request: a scanner must not be able to fill the log.
 */
final class CallerAdmission implements SipMessageInterceptor {

    /** Before every other policy: an untrusted request must not even get a 422 or a 420. */
    static final int RANKING = 1_000_000;

    /** ACK and CANCEL belong to a transaction already taken; PUBLISH has its own sources (io.sipsm.publish). */
    private static final Set<String> NOT_CHECKED = Set.of("ACK", "CANCEL", "PUBLISH");

    private static final Logger LOG = LoggerFactory.getLogger(CallerAdmission.class);

    private final SettingsResolver resolver;
    private final CallerTrust trust;
    private final LongAdder taken = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile String lastRefusedSource = "";

    CallerAdmission(SettingsResolver resolver, CallerTrust trust) {
        this.resolver = resolver;
        this.trust = trust;
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        if (!request.isInitial() || NOT_CHECKED.contains(request.method())) {
            return Disposition.PASS;
        }
        String source = request.remoteAddress();
        EffectiveSettings settings = resolver.resolve(new NewCall(request.requestDomain(), source, null));
        if (trust.trusts(source, settings.tenant())) {
            taken.increment();
            return Disposition.PASS;
        }
        refused.increment();
        lastRefusedSource = source;
        LOG.debug("{} {} from untrusted {} answered 403", request.method(), request.callId(), source);
        request.respond(403, "Forbidden", Map.of());
        return Disposition.CONSUME;
    }

    long taken() {
        return taken.sum();
    }

    long refused() {
        return refused.sum();
    }

    String lastRefusedSource() {
        return lastRefusedSource;
    }

    CallerTrust trust() {
        return trust;
    }
}
