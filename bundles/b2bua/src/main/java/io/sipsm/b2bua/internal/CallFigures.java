package io.sipsm.b2bua.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.servlet.sip.SipApplicationSession;

import org.osgi.service.component.annotations.Component;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.EndReason;
import io.sipsm.metrics.CounterFamily;
import io.sipsm.metrics.HistogramFamily;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * What the B2BUA counts of calls, per tenant (the tenant whose settings the call took, empty for the global
 * settings) and per gateway (as configured): every label value is a name an operator configured. ASR is
 * answered over attempted, NER (network effectiveness) counts failures the called party caused (busy, no answer,
 * rejected) as effective, ACD is duration over ended. Published as the source {@value #SOURCE}; the servlet counts
 * into it, {@link CallEnds} counts the ends no BYE through the servlet told of.
 */
@Component(service = {CallFigures.class, MetricSource.class}, property = MetricSource.SOURCE + "=" + CallFigures.SOURCE)
public final class CallFigures implements MetricSource {

    /** The name the figures are published under. */
    static final String SOURCE = "b2bua";
    static final String TENANT = "tenant";
    static final String GATEWAY = "gateway";
    /** Values of the label {@code ended_by}: a BYE from the caller, from the callee, or the platform ended it. */
    static final String CALLER = "caller";
    static final String CALLEE = "callee";
    static final String PLATFORM = "platform";

    final CounterFamily attempted = new CounterFamily("sipsm_calls_attempted_total",
            "Initial INVITEs the B2BUA took (call attempts)", TENANT);
    final CounterFamily answered = new CounterFamily("sipsm_calls_answered_total",
            "Calls answered: a gateway's 2xx relayed to the caller", TENANT, GATEWAY);
    final CounterFamily failed = new CounterFamily("sipsm_calls_failed_total",
            "Calls not answered, by the final status the caller got (503 when no gateway took the call)", TENANT,
            "status");
    final CounterFamily gatewayAttempts = new CounterFamily("sipsm_gateway_attempts_total",
            "INVITEs sent to a gateway (a call failing over tries several)", TENANT, GATEWAY);
    final CounterFamily gatewayFailures = new CounterFamily("sipsm_gateway_failures_total",
            "Final failure responses from a gateway, by status (408: the gateway never answered)", TENANT, GATEWAY,
            "status");
    final HistogramFamily setup = new HistogramFamily("sipsm_call_setup_seconds",
            "Post-dial delay: from the caller's INVITE to the gateway's first ringing (18x) or answer",
            HistogramFamily.SETUP_SECONDS, TENANT, GATEWAY);
    final CounterFamily ended = new CounterFamily("sipsm_calls_ended_total",
            "Answered calls ended, by who ended them: a BYE of the caller or callee, or the platform (a policy's"
                    + " BYE, an expiry)", TENANT, GATEWAY, "ended_by");
    final CounterFamily endReasons = new CounterFamily("sipsm_call_end_reasons_total",
            "Calls over, answered or not, by the end reason of their call record (io.sipsm.cdr.EndReason in lower"
                    + " case: normal_clearing, session_expired, failover_exhausted ...)", TENANT, "reason");
    final CounterFamily duration = new CounterFamily("sipsm_call_duration_seconds_total",
            "Time answered calls were up, summed when they end (ACD: this over sipsm_calls_ended_total)", TENANT,
            GATEWAY);

    /**
     * Counts the end of an answered call the first time it is seen (a BYE from either side, else the end of its
     * application session); nothing for a call not answered or already counted.
     */
    void ended(SipApplicationSession call, String endedBy) {
        CallState.endedAfterMillis(call).ifPresent(millis -> {
            String tenant = CallState.tenant(call);
            String gateway = CallState.gateway(call);
            ended.increment(tenant, gateway, endedBy);
            duration.add(millis, tenant, gateway);
        });
    }

    /** Counts a finished call's record under its tenant and end reason (an enum: the label stays bounded). */
    void recorded(CallRecord record) {
        EndReason reason = record.endReason == null ? EndReason.OTHER : record.endReason;
        endReasons.increment(record.tenant, reason.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        for (CounterFamily family : List.of(attempted, answered, failed, gatewayAttempts, gatewayFailures, ended,
                endReasons)) {
            metrics.addAll(family.metrics());
        }
        metrics.addAll(active());
        metrics.addAll(durationMetrics());
        metrics.addAll(setup.metrics());
        return metrics;
    }

    /** Answered calls not ended yet: every answered call ends exactly once, counted under one of three ends. */
    private List<Metric> active() {
        List<Metric> active = new ArrayList<>();
        for (Metric answeredSeries : answered.metrics()) {
            String tenant = answeredSeries.labels().get(TENANT);
            String gateway = answeredSeries.labels().get(GATEWAY);
            long ends = ended.get(tenant, gateway, CALLER) + ended.get(tenant, gateway, CALLEE)
                    + ended.get(tenant, gateway, PLATFORM);
            // Read a moment apart, an end may be counted before its answer is: never below zero.
            active.add(Metric.gauge("sipsm_calls_active", "Answered calls up now", Map.of(TENANT, tenant,
                    GATEWAY, gateway), Math.max(0, answeredSeries.value() - ends)));
        }
        return active;
    }

    /** Durations are kept in milliseconds and published in seconds. */
    private List<Metric> durationMetrics() {
        return duration.metrics().stream().map(m -> Metric.counter(m.name(), m.help(), m.labels(), m.value() / 1000))
                .toList();
    }
}
