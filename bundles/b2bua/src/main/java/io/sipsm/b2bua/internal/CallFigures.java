package io.sipsm.b2bua.internal;

import java.util.ArrayList;
import java.util.List;

import io.sipsm.metrics.CounterFamily;
import io.sipsm.metrics.HistogramFamily;
import io.sipsm.metrics.Metric;

/**
 * What the B2BUA counts of calls, per tenant (the tenant whose settings the call took, empty for the global
 * settings) and per gateway (as configured): every label value is a name an operator configured. ASR is
 * answered over attempted, NER (network effectiveness) counts failures the called party caused (busy, no answer,
 * rejected) as effective, ACD is duration over ended.
 */
final class CallFigures {

    static final String TENANT = "tenant";
    static final String GATEWAY = "gateway";

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
            "Answered calls ended by a BYE, by the side that sent it (caller or callee)", TENANT, GATEWAY,
            "ended_by");
    final CounterFamily duration = new CounterFamily("sipsm_call_duration_seconds_total",
            "Time answered calls were up, summed when they end (ACD: this over sipsm_calls_ended_total)", TENANT,
            GATEWAY);

    List<Metric> metrics() {
        List<Metric> metrics = new ArrayList<>();
        for (CounterFamily family : List.of(attempted, answered, failed, gatewayAttempts, gatewayFailures, ended)) {
            metrics.addAll(family.metrics());
        }
        metrics.addAll(durationMetrics());
        metrics.addAll(setup.metrics());
        return metrics;
    }

    /** Durations are kept in milliseconds and published in seconds. */
    private List<Metric> durationMetrics() {
        return duration.metrics().stream().map(m -> Metric.counter(m.name(), m.help(), m.labels(), m.value() / 1000))
                .toList();
    }
}
