package io.sipsm.shell.internal;

/**
 * The published figures {@code sipsm:diagnose} reads, by metric name and, where the metric has one, the label
 * value that selects the series (summed over any other labels). Every name {@link Diagnosis} depends on is here
 * and nowhere else, so that a publisher renaming a metric is one edit.
 */
enum Figure {

    SESSIONS_EXPIRED("sipsm_session_timer_events_total", "event", "expired"),
    KEEPALIVES_FAILED("sipsm_session_timer_events_total", "event", "keepalive_failed"),
    /** Every way a followed call or gateway attempt ended, summed. */
    SETUP_ENDED("sipsm_setup_ended_total", null, null),
    SETUP_INVITE_TIMEOUTS("sipsm_setup_ended_total", "reason", "invite_timeout"),
    SETUP_RETRANSMISSIONS_SPENT("sipsm_setup_ended_total", "reason", "retransmissions_spent"),
    SETUP_EARLY_HANGUPS("sipsm_setup_ended_total", "reason", "early_hangup"),
    SETUP_NOT_TRACKED("sipsm_setup_ended_total", "reason", "not_tracked"),
    PRACK_TIMEOUTS("sipsm_prack_timeouts_total", null, null),
    PRACK_REJECTED_420("sipsm_prack_rejected_420_total", null, null),
    APPLICATION_SESSIONS("sipsm_application_sessions", null, null);

    private final String metric;
    private final String label;
    private final String labelValue;

    Figure(String metric, String label, String labelValue) {
        this.metric = metric;
        this.label = label;
        this.labelValue = labelValue;
    }

    /** The metric's name as its publisher registers it. */
    String metric() {
        return metric;
    }

    /** The label that selects this figure's series, or null for the sum of every series of the metric. */
    String label() {
        return label;
    }

    /** That label's value. */
    String labelValue() {
        return labelValue;
    }

    /** How the report names it: {@code sipsm_setup_ended_total{reason="early_hangup"}}. */
    @Override
    public String toString() {
        return label == null ? metric : metric + "{" + label + "=\"" + labelValue + "\"}";
    }
}
