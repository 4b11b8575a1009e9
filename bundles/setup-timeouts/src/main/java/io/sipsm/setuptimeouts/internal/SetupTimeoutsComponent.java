package io.sipsm.setuptimeouts.internal;

import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.InboundRequest;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.PolicyState;
import io.sipsm.host.SipMessage;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * Puts the {@link SetupTimeoutPolicy} on the host: an interceptor that only observes (every message passes),
 * and the policy's figures as a service for {@code sipsm:setup-timeouts}. Settings come per call from the
 * {@link SettingsResolver}, so {@code config:edit io.sipsm.sip} applies to the next call without touching
 * this component. The pending gateway attempts are kept with the host ({@link SetupState}), so an update or a
 * restart of this bundle leaves the calls being set up with their timeouts.
 */
@Component(service = {SipMessageInterceptor.class, SetupTimeoutStatistics.class, MetricSource.class},
        property = {"service.ranking:Integer=" + SipMessageInterceptor.Ranking.SETUP_TIMEOUTS,
            MetricSource.SOURCE + "=setup_timeouts"})
public final class SetupTimeoutsComponent implements SipMessageInterceptor, SetupTimeoutStatistics, MetricSource {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SetupTimeoutsComponent.class);

    /** Calls followed at once; the design target of one host (100,000 calls), about 30 MB of records at most. */
    static final int CAPACITY = 100_000;

    private final SetupTimeoutPolicy policy;
    private final PolicyStatistics statistics;

    @Activate
    public SetupTimeoutsComponent(@Reference SettingsResolver resolver, @Reference PolicyScheduler scheduler,
            @Reference PolicyState state) {
        policy = new SetupTimeoutPolicy(resolver, scheduler, CAPACITY, System::nanoTime,
                new SetupState(state, System::nanoTime));
        statistics = policy.statistics();
        LOG.info("Setup timeouts active; {} calls being set up taken up", policy.restore());
    }

    @Deactivate
    void deactivate() {
        policy.stop();
    }

    @Override
    public Disposition incomingRequest(InboundRequest request) {
        policy.incomingRequest(request);
        return Disposition.PASS;
    }

    @Override
    public Disposition incomingResponse(SipMessage response) {
        policy.incomingResponse(response);
        return Disposition.PASS;
    }

    @Override
    public void outgoingRequest(SipMessage request) {
        policy.outgoingRequest(request);
    }

    @Override
    public void outgoingResponse(SipMessage response) {
        policy.outgoingResponse(response);
    }

    @Override
    public Map<EndReason, Long> endCounts() {
        return statistics.endCounts();
    }

    /** The counts {@code sipsm:setup-timeouts} prints, as published figures. */
    @Override
    public java.util.List<Metric> metrics() {
        return statistics.metrics();
    }

    @Override
    public int activeCalls() {
        return statistics.activeCalls();
    }

    @Override
    public int pendingArrivals() {
        return statistics.pendingArrivals();
    }

    @Override
    public int capacity() {
        return statistics.capacity();
    }
}
