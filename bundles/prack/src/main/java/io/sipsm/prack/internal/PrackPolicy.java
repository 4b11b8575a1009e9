package io.sipsm.prack.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.PolicyState;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * The PRACK policy: with "Enable 100rel" ({@code SS_SIP_ENABLE_100REL}) on for a call, the application's 180
 * and 183 toward a caller that supports 100rel go reliably (the host retransmits them and answers the
 * PRACK); with it off, a caller that requires 100rel gets 420. Toward gateways the routing application
 * relays the caller's 100rel support and PRACKs reliable provisionals itself; with the setting off, the policy
 * takes 100rel out of the Supported header of outgoing INVITEs, so that gateways answer plainly too.
 */
@Component(service = {SipMessageInterceptor.class, MetricSource.class},
        property = {"service.ranking:Integer=" + SipMessageInterceptor.Ranking.PRACK,
            MetricSource.SOURCE + "=" + PrackPolicy.SOURCE})
public class PrackPolicy implements SipMessageInterceptor, MetricSource {

    /** The name its figures are published under; {@code sipsm:prack} reads them there. */
    static final String SOURCE = "prack";

    private static final Logger LOG = LoggerFactory.getLogger(PrackPolicy.class);

    /** Calls whose INVITE is pending: what is known to resolve their settings. Bounded: a lost final response must not leak. */
    private static final int MAX_PENDING_CALLS = 100_000;

    private final SettingsResolver settings;
    private final PrackCounters counters = new PrackCounters();
    private final Map<String, NewCall> pending = Collections.synchronizedMap(new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, NewCall> eldest) {
            return size() > MAX_PENDING_CALLS;
        }
    });

    /** Where what a call's later provisionals need outlives this revision of the bundle: see {@link #takeUp}. */
    private final PolicyState kept;

    @Activate
    public PrackPolicy(@Reference SettingsResolver settings, @Reference PolicyState kept) {
        this.settings = settings;
        this.kept = kept;
        int taken = takeUp();
        if (taken > 0) {
            LOG.info("PRACK policy: {} calls being set up taken up", taken);
        }
    }

    /**
     * Takes up the calls a previous revision of the bundle saw ringing: once a call's leg shows (its first
     * provisional), what resolves its settings is kept with the host on that leg, so that its later provisionals
     * still go reliably after an update. Reliable provisionals already sent are the host's and complete anyway.
     */
    private int takeUp() {
        int taken = 0;
        for (Map.Entry<CallLeg, Map<String, String>> entry : kept.legs().entrySet()) {
            CallLeg leg = entry.getKey();
            Map<String, String> record = entry.getValue();
            if (leg.state() != CallLeg.State.EARLY || !RECORD_VERSION.equals(record.get("v"))) {
                kept.remove(leg);
                continue;
            }
            pending.put(leg.callId(), new NewCall(record.get("domain"), record.get("source"), null));
            taken++;
        }
        return taken;
    }

    private static final String RECORD_VERSION = "1";

    private void keep(CallLeg leg, NewCall call) {
        if (kept.get(leg).isPresent()) {
            return;
        }
        Map<String, String> record = new java.util.HashMap<>();
        record.put("v", RECORD_VERSION);
        if (call.requestDomain() != null) {
            record.put("domain", call.requestDomain());
        }
        if (call.sourceAddress() != null) {
            record.put("source", call.sourceAddress());
        }
        kept.put(leg, record);
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        if (!"INVITE".equals(request.method()) || !request.isInitial()) {
            return Disposition.PASS;
        }
        NewCall call = new NewCall(request.requestDomain(), request.remoteAddress(), null);
        boolean enabled = settings.resolve(call).settings().reliableProvisionals();
        if (PrackRules.invite(enabled, request.headers("Require")) == PrackRules.InviteVerdict.REJECT_UNSUPPORTED) {
            counters.rejectedUnsupported.increment();
            LOG.debug("INVITE {} requires 100rel, which is off for it: 420", request.callId());
            request.respond(420, null, Map.of("Unsupported", PrackRules.OPTION));
            return Disposition.CONSUME;
        }
        pending.put(request.callId(), call);
        return Disposition.PASS;
    }

    @Override
    public void outgoingRequest(SipMessage request) {
        if (!"INVITE".equals(request.method()) || !PrackRules.isInitial(request.header("To"))) {
            return;
        }
        Optional<CallLeg> leg = request.leg();
        String application = leg.map(CallLeg::application).orElse(null);
        NewCall upstream = leg.flatMap(CallLeg::peer).map(peer -> pending.get(peer.callId())).orElse(null);
        NewCall call = upstream != null
                ? new NewCall(upstream.requestDomain(), upstream.sourceAddress(), application)
                : new NewCall(null, null, application);
        List<String> supported = request.headers("Supported");
        if (!settings.resolve(call).settings().reliableProvisionals() && PrackRules.contains(supported, PrackRules.OPTION)) {
            request.setHeaders("Supported", PrackRules.without(supported, PrackRules.OPTION));
        }
    }

    @Override
    public void outgoingResponse(SipMessage response) {
        if (!"INVITE".equals(response.method())) {
            return;
        }
        if (response.status() >= 200) {
            pending.remove(response.callId());
            response.leg().ifPresent(kept::remove);
            return;
        }
        NewCall call = pending.get(response.callId());
        if (call == null) {
            return;
        }
        response.leg().ifPresent(leg -> keep(leg, call));
        String application = response.leg().map(CallLeg::application).orElse(null);
        boolean enabled = settings.resolve(new NewCall(call.requestDomain(), call.sourceAddress(), application))
                .settings().reliableProvisionals();
        if (PrackRules.sendReliably(enabled, response.status()) && response.sendReliably(counters::outcome)) {
            counters.reliableSent.increment();
        }
    }

    @Override
    public List<Metric> metrics() {
        return counters.metrics();
    }
}
