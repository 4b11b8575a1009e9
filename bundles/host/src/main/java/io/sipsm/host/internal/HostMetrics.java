package io.sipsm.host.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.sipsm.host.HostDrain;
import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;
import io.sipsm.host.internal.refusals.RefusalReports;
import io.sipsm.host.internal.sip.Retransmissions;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * The host's figures for every reader of {@code io.sipsm.metrics}: the same snapshots {@code sipsm:host} and
 * {@code sipsm:overload} print (deployed applications and their calls, bad input from the network, admission
 * control's counters and gauges), so the shell and the exports cannot disagree.
 */
@Component(property = MetricSource.SOURCE + "=host")
public class HostMetrics implements MetricSource {

    private final HostStatus host;
    private final OverloadStatus overload;
    private final HostDrain drain;

    @Activate
    public HostMetrics(@Reference HostStatus host, @Reference OverloadStatus overload, @Reference HostDrain drain) {
        this.host = host;
        this.overload = overload;
        this.drain = drain;
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        for (HostStatus.ApplicationVersion version : host.versions()) {
            metrics.add(Metric.gauge("sipsm_application_sessions",
                    "Application sessions (calls) of a deployed application version now",
                    Map.of("application", version.name(), "version", Integer.toString(version.version()),
                            "serving", Boolean.toString(version.serving())),
                    version.activeApplicationSessions()));
        }
        for (HostStatus.NetworkFault fault : host.networkFaults()) {
            metrics.add(Metric.counter("sipsm_network_faults_total",
                    "Messages from the network answered or dropped by the host for a fault, by kind and handling",
                    Map.of("kind", fault.kind(), "handling", fault.handling()), fault.count()));
        }
        String resent = "Requests sent again over UDP: received (a peer's copy, absorbed by the host's server"
                + " transaction) or sent (the host's own, no response yet)";
        metrics.add(Metric.counter("sipsm_retransmissions_total", resent, Map.of("direction", "received"),
                Retransmissions.INSTANCE.receivedCount()));
        metrics.add(Metric.counter("sipsm_retransmissions_total", resent, Map.of("direction", "sent"),
                Retransmissions.INSTANCE.sentCount()));
        metrics.add(Metric.counter("sipsm_refusals_reported_total", "Calls refused before any application (for"
                + " load, or by a policy) reported to the refused-call listeners, each INVITE once", Map.of(),
                RefusalReports.INSTANCE.reported()));
        metrics.add(Metric.counter("sipsm_refusals_unreported_total", "Refused calls not reported to the listeners:"
                + " their queue was full (a flood of refusals)", Map.of(), RefusalReports.INSTANCE.unreported()));
        OverloadStatus.Snapshot now = overload.overload();
        metrics.add(Metric.counter("sipsm_initial_requests_admitted_total",
                "Initial requests (new calls, out-of-dialog requests) let through to the applications", Map.of(),
                now.accepted()));
        metrics.add(Metric.counter("sipsm_initial_requests_refused_total",
                "Initial requests answered 503 with Retry-After for load or drain", Map.of(), now.refused()));
        metrics.add(Metric.counter("sipsm_keepalive_probes_total",
                "Out-of-dialog OPTIONS probes the host answered itself (200 or 503)", Map.of(), now.keepAlives()));
        metrics.add(Metric.gauge("sipsm_overload_admitted_ratio",
                "Share of initial requests admitted now: 1 while the host keeps up, 0 at a memory bound",
                Map.of(), now.admitPercent() / 100.0));
        metrics.add(Metric.gauge("sipsm_overload_refusing", "1 while any initial request is refused for load",
                Map.of(), now.refusing() ? 1 : 0));
        metrics.add(Metric.gauge("sipsm_draining", "1 while the host is drained (sipsm:drain)", Map.of(),
                drain.draining() ? 1 : 0));
        for (OverloadStatus.Gauge gauge : now.gauges()) {
            Map<String, String> measure = Map.of("measure", gauge.name());
            metrics.add(Metric.gauge("sipsm_overload_measure",
                    "A quantity admission control watches, by name (see sipsm:overload)", measure, gauge.value()));
            metrics.add(Metric.gauge("sipsm_overload_limit",
                    "The value of a watched quantity at which the host refuses; 0 when unchecked", measure,
                    gauge.limit()));
        }
        return metrics;
    }
}
