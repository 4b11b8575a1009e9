package io.sipsm.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/**
 * Reads the published figures for the symptoms of the guides' troubleshooting table and says, for each one it
 * sees, which parameter to check, its value now, and which way to move it. Plain Java: the command only gathers
 * the figures ({@link Figures}, from the {@link io.sipsm.metrics.MetricSource} services) and the global settings.
 *
 * <p>What counts as seen, since the publishers started:
 * <ul>
 * <li>calls cut at 30 min: any call the session timer ended for want of a refresh;</li>
 * <li>zombie sessions: any call torn down for not completing setup (early hangup), or any call the setup policy
 * could not follow because its table was full of calls being set up;</li>
 * <li>excessive retransmission: gateway attempts given up for lack of any response (INVITE timeout, resend list
 * spent) in at least {@value #RETRANSMISSION_PERCENT} % of the attempts;</li>
 * <li>no early media: a reliable provisional never acknowledged by PRACK, or a caller requiring 100rel refused
 * with 420;</li>
 * <li>stalled calls: an answered call without session timers found dead by the keep-alive re-INVITE.</li>
 * </ul>
 * A figure nobody publishes is unknown: the report says so rather than reading it as zero.
 */
final class Diagnosis {

    /** Share of gateway attempts ending without any response above which retransmission is a symptom. */
    static final int RETRANSMISSION_PERCENT = 5;

    /** The manual's recommendation for SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP. */
    static final String EARLY_HANGUP_RECOMMENDED = "30-60 s";

    /**
     * What the figures show.
     *
     * @param findings the symptoms seen, in the table's order
     * @param unchecked one line for each symptom that could not be checked, or only partly, for want of figures
     */
    record Report(List<Finding> findings, List<String> unchecked) {

        public Report {
            findings = List.copyOf(findings);
            unchecked = List.copyOf(unchecked);
        }
    }

    private final Map<Figure, Double> figures;
    private final EffectiveSettings global;

    /**
     * @param figures the figures published now; one left out is unknown
     * @param global the global settings: the figures are the host's, whatever tenant a call had
     */
    Diagnosis(Map<Figure, Double> figures, EffectiveSettings global) {
        this.figures = Map.copyOf(figures);
        this.global = Objects.requireNonNull(global, "global");
    }

    Report diagnose() {
        List<Finding> findings = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (Symptom symptom : Symptom.values()) {
            List<Figure> unknown = symptom.figures().stream().filter(f -> !figures.containsKey(f)).toList();
            if (unknown.size() == symptom.figures().size()) {
                unchecked.add(symptom.label() + ": unknown, nothing publishes " + names(unknown));
                continue;
            }
            if (!unknown.isEmpty()) {
                unchecked.add(symptom.label() + ": partly checked, nothing publishes " + names(unknown));
            }
            List<String> evidence = evidence(symptom);
            if (!evidence.isEmpty()) {
                findings.add(new Finding(symptom, evidence, current(symptom.parameter()), advice(symptom)));
            }
        }
        return new Report(findings, unchecked);
    }

    private List<String> evidence(Symptom symptom) {
        List<String> out = new ArrayList<>();
        switch (symptom) {
            case CALLS_CUT_AT_SESSION_EXPIRY -> seen(out, Figure.SESSIONS_EXPIRED,
                    "calls ended because no session refresh came in time");
            case ZOMBIE_SESSIONS -> {
                seen(out, Figure.SETUP_EARLY_HANGUPS, "calls torn down for not completing setup in time");
                seen(out, Figure.SETUP_NOT_TRACKED, "calls not followed: the table of calls being set up was full");
            }
            case EXCESSIVE_RETRANSMISSION -> {
                long unanswered = get(Figure.SETUP_INVITE_TIMEOUTS) + get(Figure.SETUP_RETRANSMISSIONS_SPENT);
                long attempts = get(Figure.SETUP_ENDED) - get(Figure.SETUP_NOT_TRACKED);
                if (unanswered > 0 && attempts > 0 && unanswered * 100 >= RETRANSMISSION_PERCENT * attempts) {
                    out.add(unanswered + " of " + attempts + " gateway attempts (" + unanswered * 100 / attempts
                            + " %) got no response at all and were retransmitted until given up ("
                            + Figure.SETUP_INVITE_TIMEOUTS + " " + get(Figure.SETUP_INVITE_TIMEOUTS) + ", "
                            + Figure.SETUP_RETRANSMISSIONS_SPENT + " " + get(Figure.SETUP_RETRANSMISSIONS_SPENT) + ")");
                }
            }
            case NO_EARLY_MEDIA -> {
                seen(out, Figure.PRACK_TIMEOUTS, "reliable 180/183 never acknowledged by PRACK (INVITE rejected)");
                seen(out, Figure.PRACK_REJECTED_420, "callers requiring 100rel refused with 420");
            }
            case STALLED_CALLS -> seen(out, Figure.KEEPALIVES_FAILED,
                    "answered calls without session timers found dead by the keep-alive re-INVITE");
        }
        return out;
    }

    private String advice(Symptom symptom) {
        SipSettings s = global.settings();
        return switch (symptom) {
            case CALLS_CUT_AT_SESSION_EXPIRY -> "the host refreshes at " + s.refreshAfter().toSeconds()
                    + " s of a " + s.sessionExpires().toSeconds() + " s session (Session-Expires x (1 - 1/"
                    + s.sessionUpdateSegment() + ")); a lower segment refreshes sooner (2 = half way), in time for"
                    + " a peer that ends the session early; also check which side the peer expects to refresh";
            case ZOMBIE_SESSIONS -> s.earlyHangup().isZero()
                    ? "early hangup is off: a call that never completes setup is ended only by the INVITE, Trying"
                            + " and Ringing timeouts; the manual recommends " + EARLY_HANGUP_RECOMMENDED
                    : "calls not set up within " + s.earlyHangup().toSeconds() + " s are torn down; lower it to free"
                            + " them sooner (the manual recommends " + EARLY_HANGUP_RECOMMENDED + ")"
                            + (s.setupTimeoutsEnabled() ? "" : "; the setup timeouts are switched off ("
                                    + SipKey.ENABLE_SETUP_TIMEOUTS + "=false)");
            case EXCESSIVE_RETRANSMISSION -> "the first retransmission goes after "
                    + Units.seconds(s.resendIntervals().get(0)) + " and a request is given up after "
                    + s.retransmissions() + " retransmissions within " + Units.seconds(s.retransmissionWindow())
                    + "; longer first values"
                    + " spare gateways that answer slowly (profile unstable-networks), a shorter list fails over"
                    + " to the next gateway sooner (fast-failover)";
            case NO_EARLY_MEDIA -> s.reliableProvisionals()
                    ? "100rel is on: peers that never send PRACK lose the call's early media; turn it off for"
                            + " their tenant" + (get(Figure.PRACK_REJECTED_420) > 0
                                    ? " (the 420s were counted while it was off)" : "")
                    : "100rel is off: callers that require it are refused 420; turn it on, globally or for their"
                            + " tenant";
            case STALLED_CALLS -> s.noTimerReinviteEnabled()
                    ? "a call without session timers whose peer is gone stays up to "
                            + s.noTimerReinviteInterval().toSeconds() + " s before the keep-alive re-INVITE finds"
                            + " it; lower the interval to end such calls sooner"
                    : "the keep-alive re-INVITE is switched off (" + SipKey.ENABLE_NO_TIMER_REINVITE
                            + "=false): calls without session timers are never checked";
        };
    }

    private String current(SipKey key) {
        return global.settings().text(key) + " (" + global.source(key) + ")";
    }

    private void seen(List<String> out, Figure figure, String what) {
        long count = get(figure);
        if (count > 0) {
            out.add(count + " " + what + " (" + figure + ")");
        }
    }

    /** A figure's value; an unknown one counts 0 here, and {@link #diagnose} reports it as unknown. */
    private long get(Figure figure) {
        return Math.round(figures.getOrDefault(figure, 0.0));
    }

    private static String names(List<Figure> unknown) {
        return unknown.stream().map(Figure::toString).collect(Collectors.joining(", "))
                + " (its publisher is not running, or does not publish it yet)";
    }
}
