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
import io.sipsm.host.PolicyState;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * Wires the session-timer policy to OSGi: the host's interceptor whiteboard, the SS_SIP_* settings each call
 * resolves once, the host's scheduler for refreshes, expiries and keep-alives, and the host's state store. Each
 * watched leg's terms and due times are kept with the host, so the component can go and come back (a bundle
 * update, a restart, a refresh, a configuration change) without the calls in progress noticing: on activation it
 * takes up every leg the host has a record of and arms the time left.
 */
@Component(service = { SipMessageInterceptor.class, SessionTimerStatus.class, MetricSource.class },
        property = { "service.ranking:Integer=" + SipMessageInterceptor.Ranking.SESSION_TIMER,
            MetricSource.SOURCE + "=session_timer" })
public final class SessionTimerComponent implements SipMessageInterceptor, SessionTimerStatus, MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(SessionTimerComponent.class);

    private final Statistics statistics = new Statistics();
    private final CallRegistry calls;
    private final SessionTimerInterceptor interceptor;

    @Activate
    public SessionTimerComponent(@Reference SettingsResolver resolver, @Reference PolicyScheduler scheduler,
            @Reference PolicyState state) {
        this(resolver, scheduler, new LegStates(state, System::nanoTime), new SecureRandom());
    }

    SessionTimerComponent(SettingsResolver resolver, PolicyScheduler scheduler, LegStates states,
            RandomGenerator random) {
        this.calls = new CallRegistry(scheduler, states, statistics, random);
        this.interceptor = new SessionTimerInterceptor(resolver, calls, statistics);
        int taken = calls.takeUp();
        LOG.info("Session timers active: RFC 4028 negotiation, refresh and expiry; keep-alive for peers without "
                + "timers; {} legs of calls in progress taken up", taken);
    }

    @Deactivate
    void deactivate() {
        calls.suspend();
        LOG.info("Session timers stopped; the host keeps the state of calls in progress for the next revision");
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

    /** The counts {@code sipsm:session-timers} prints, and the legs watched, as published figures. */
    @Override
    public List<Metric> metrics() {
        List<Metric> metrics = new java.util.ArrayList<>(statistics.metrics());
        metrics.add(Metric.gauge("sipsm_session_timer_legs", "Legs under a session timer or keep-alive now",
                Map.of(), calls.views().size()));
        return metrics;
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
