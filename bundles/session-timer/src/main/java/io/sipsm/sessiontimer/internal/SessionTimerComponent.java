package io.sipsm.sessiontimer.internal;

import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.CallLeg;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;

/**
 * Wires the session-timer policy to OSGi: the host's interceptor whiteboard, the SS_SIP_* settings each call
 * resolves once, and the host's scheduler for refreshes, expiries and keep-alives. Both references are
 * mandatory and static: without them there is nothing to decide with, and a restart of the component drops
 * the timers of calls in progress, which the calls then lose (they are the host's to keep, not this bundle's).
 */
@Component(service = { SipMessageInterceptor.class, SessionTimerStatus.class })
public final class SessionTimerComponent implements SipMessageInterceptor, SessionTimerStatus {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimerComponent.class);

    private final Statistics statistics = new Statistics();
    private final CallRegistry calls;
    private final SessionTimerInterceptor interceptor;

    @Activate
    public SessionTimerComponent(@Reference SettingsResolver resolver, @Reference PolicyScheduler scheduler) {
        this(resolver, scheduler, new SecureRandom());
    }

    SessionTimerComponent(SettingsResolver resolver, PolicyScheduler scheduler, RandomGenerator random) {
        this.calls = new CallRegistry(scheduler, statistics, random);
        this.interceptor = new SessionTimerInterceptor(resolver, calls, statistics);
        LOG.info("Session timers active: RFC 4028 negotiation, refresh and expiry; keep-alive for peers without timers");
    }

    @Deactivate
    void deactivate() {
        calls.clear();
        LOG.info("Session timers stopped; calls in progress are no longer refreshed");
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        return interceptor.incomingRequest(request);
    }

    @Override
    public Disposition incomingResponse(SipMessage response) {
        return interceptor.incomingResponse(response);
    }

    @Override
    public void outgoingRequest(SipMessage request) {
        interceptor.outgoingRequest(request);
    }

    @Override
    public void outgoingResponse(SipMessage response) {
        interceptor.outgoingResponse(response);
    }

    @Override
    public void legEnded(CallLeg leg) {
        interceptor.legEnded(leg);
    }

    @Override
    public Map<Outcome, Long> counts() {
        return statistics.snapshot();
    }

    @Override
    public List<LegView> legs() {
        return calls.views();
    }

    @Override
    public int pendingInvites() {
        return calls.pendingCount();
    }
}
