package io.sipsm.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/**
 * Reads the policies' counters for the symptoms of the guides' troubleshooting table and says, for each one it
 * sees, which parameter to check, its value now, and which way to move it. Plain Java: the command only
 * gathers the counters ({@link io.sipsm.host.PolicyCounters}) and the global settings.
 *
 * <p>What counts as seen, since the policies started:
 * <ul>
 * <li>calls cut at 30 min: any call the session timer ended for want of a refresh ({@code expired});</li>
 * <li>zombie sessions: any call torn down for not completing setup ({@code early.hangup}), or any call the
 * setup policy could not follow because its table was full of calls being set up ({@code not.tracked});</li>
 * <li>excessive retransmission: gateway attempts given up for lack of any response ({@code invite.timeout},
 * {@code retransmissions.spent}) in at least {@value #RETRANSMISSION_PERCENT} % of the attempts;</li>
 * <li>no early media: a reliable provisional never acknowledged ({@code prack.timeout}) or a caller requiring
 * 100rel refused ({@code rejected.420});</li>
 * <li>stalled calls: an answered call without session timers found dead by the keep-alive re-INVITE
 * ({@code keepalive.failed}).</li>
 * </ul>
 */
final class Diagnosis {

    /** Share of gateway attempts ending without any response above which retransmission is a symptom. */
    static final int RETRANSMISSION_PERCENT = 5;

    /** The manual's recommendation for SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP. */
    static final String EARLY_HANGUP_RECOMMENDED = "30-60 s";

    /**
     * What the counters show.
     *
     * @param findings the symptoms seen, in the table's order
     * @param unchecked one line for each symptom that could not be checked (its policy is not running)
     */
    record Report(List<Finding> findings, List<String> unchecked) {

        public Report {
            findings = List.copyOf(findings);
            unchecked = List.copyOf(unchecked);
        }
    }

    private final Map<String, Map<String, Long>> counters;
    private final EffectiveSettings global;

    /**
     * @param counters each running policy's counters by name, keyed by {@link Symptom#policy()}
     * @param global the global settings: the counters are the host's, whatever tenant a call had
     */
    Diagnosis(Map<String, Map<String, Long>> counters, EffectiveSettings global) {
        this.counters = Map.copyOf(counters);
        this.global = Objects.requireNonNull(global, "global");
    }

    Report diagnose() {
        List<Finding> findings = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (Symptom symptom : Symptom.values()) {
            Map<String, Long> policy = counters.get(symptom.policy());
            if (policy == null) {
                unchecked.add(symptom.label() + ": the " + symptom.policy() + " policy is not running");
                continue;
            }
            List<String> evidence = evidence(symptom, policy);
            if (!evidence.isEmpty()) {
                findings.add(new Finding(symptom, evidence, current(symptom.parameter()), advice(symptom, policy)));
            }
        }
        return new Report(findings, unchecked);
    }

    private List<String> evidence(Symptom symptom, Map<String, Long> c) {
        List<String> out = new ArrayList<>();
        switch (symptom) {
            case CALLS_CUT_AT_SESSION_EXPIRY -> seen(out, c, "expired",
                    "calls ended because no session refresh came in time");
            case ZOMBIE_SESSIONS -> {
                seen(out, c, "early.hangup", "calls torn down for not completing setup in time");
                seen(out, c, "not.tracked", "calls not followed: the table of calls being set up was full");
            }
            case EXCESSIVE_RETRANSMISSION -> {
                long unanswered = get(c, "invite.timeout") + get(c, "retransmissions.spent");
                long attempts = unanswered + get(c, "trying.timeout") + get(c, "ringing.timeout")
                        + get(c, "early.hangup") + get(c, "answered") + get(c, "failed");
                if (unanswered > 0 && unanswered * 100 >= RETRANSMISSION_PERCENT * attempts) {
                    out.add(unanswered + " of " + attempts + " gateway attempts (" + unanswered * 100 / attempts
                            + " %) got no response at all and were retransmitted until given up"
                            + " (setup-timeouts: invite.timeout " + get(c, "invite.timeout")
                            + ", retransmissions.spent " + get(c, "retransmissions.spent") + ")");
                }
            }
            case NO_EARLY_MEDIA -> {
                seen(out, c, "prack.timeout", "reliable 180/183 never acknowledged by PRACK (INVITE rejected)");
                seen(out, c, "rejected.420", "callers requiring 100rel refused with 420");
            }
            case STALLED_CALLS -> seen(out, c, "keepalive.failed",
                    "answered calls without session timers found dead by the keep-alive re-INVITE");
        }
        return out;
    }

    private String advice(Symptom symptom, Map<String, Long> c) {
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
                            + " their tenant" + (get(c, "rejected.420") > 0
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

    private static void seen(List<String> out, Map<String, Long> counters, String name, String what) {
        long count = get(counters, name);
        if (count > 0) {
            out.add(count + " " + what + " (" + name + ")");
        }
    }

    private static long get(Map<String, Long> counters, String name) {
        return counters.getOrDefault(name, 0L);
    }
}
