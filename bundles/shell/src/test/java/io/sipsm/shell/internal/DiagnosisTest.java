package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/** Which symptom the figures show, and which parameter each points at: the guides' troubleshooting table. */
class DiagnosisTest {

    /** Every figure published, at zero. */
    private final Map<Figure, Double> figures = new EnumMap<>(Figure.class);

    DiagnosisTest() {
        for (Figure figure : Figure.values()) {
            figures.put(figure, 0.0);
        }
    }

    @Test
    void quietCountersShowNoSymptomAndEverySymptomWasChecked() {
        set(Figure.SETUP_ENDED, 1000);
        Diagnosis.Report report = diagnose(Fixtures.global());
        assertEquals(List.of(), report.findings());
        assertEquals(List.of(), report.unchecked());
    }

    @Test
    void eachSymptomPointsAtTheParameterOfTheTroubleshootingTable() {
        assertEquals(SipKey.SESSION_UPDATE_SEGMENT, Symptom.CALLS_CUT_AT_SESSION_EXPIRY.parameter());
        assertEquals(SipKey.SESSION_TIMEOUT_EARLY_HANGUP, Symptom.ZOMBIE_SESSIONS.parameter());
        assertEquals(SipKey.RESEND_INTERVAL, Symptom.EXCESSIVE_RETRANSMISSION.parameter());
        assertEquals(SipKey.ENABLE_100REL, Symptom.NO_EARLY_MEDIA.parameter());
        assertEquals(SipKey.NO_TIMER_REINVITE_INTERVAL, Symptom.STALLED_CALLS.parameter());
        assertEquals(List.of("calls cut at 30 min", "many zombie sessions", "excessive retransmission",
                "no early media", "stalled calls"), List.of(Symptom.values()).stream().map(Symptom::label).toList());
    }

    @Test
    void expiredSessionsAreCallsCutAtTheSessionExpiry() {
        set(Figure.SESSIONS_EXPIRED, 12);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.CALLS_CUT_AT_SESSION_EXPIRY, finding.symptom());
        assertEquals(List.of("12 calls ended because no session refresh came in time"
                + " (sipsm_session_timer_events_total{event=\"expired\"})"), finding.evidence());
        assertEquals("4 (default)", finding.current());
        assertTrue(finding.advice().startsWith("the host refreshes at 1350 s of a 1800 s session"), finding.advice());
    }

    @Test
    void earlyHangupsAndAFullSetupTableAreZombieSessions() {
        set(Figure.SETUP_EARLY_HANGUPS, 3);
        set(Figure.SETUP_NOT_TRACKED, 2);
        Finding finding = only(diagnose(settings(SipKey.SESSION_TIMEOUT_EARLY_HANGUP, ValueSource.tenant("x"),
                Duration.ofSeconds(90), false)));
        assertEquals(Symptom.ZOMBIE_SESSIONS, finding.symptom());
        assertEquals(2, finding.evidence().size());
        assertEquals("90 (tenant x)", finding.current());
        assertTrue(finding.advice().startsWith("calls not set up within 90 s are torn down"), finding.advice());
    }

    @Test
    void zombieAdviceSaysWhenEarlyHangupIsOff() {
        set(Figure.SETUP_NOT_TRACKED, 1);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals("0 (default)", finding.current());
        assertTrue(finding.advice().startsWith("early hangup is off"), finding.advice());
        assertTrue(finding.advice().endsWith("the manual recommends 30-60 s"), finding.advice());
    }

    @Test
    void retransmissionIsASymptomFromFivePercentOfAttemptsUnanswered() {
        set(Figure.SETUP_ENDED, 100);
        set(Figure.SETUP_INVITE_TIMEOUTS, 3);
        set(Figure.SETUP_RETRANSMISSIONS_SPENT, 2);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.EXCESSIVE_RETRANSMISSION, finding.symptom());
        assertEquals(List.of("5 of 100 gateway attempts (5 %) got no response at all and were retransmitted until"
                + " given up (sipsm_setup_ended_total{reason=\"invite_timeout\"} 3,"
                + " sipsm_setup_ended_total{reason=\"retransmissions_spent\"} 2)"), finding.evidence());
        assertEquals("0.5,1,2,4,4,4,4,4,4,4 (default)", finding.current());
        assertTrue(finding.advice().contains("10 retransmissions within 31.5 s"), finding.advice());
    }

    @Test
    void aFewUnansweredAttemptsAmongManyAreNoSymptom() {
        set(Figure.SETUP_ENDED, 100);
        set(Figure.SETUP_INVITE_TIMEOUTS, 2);
        assertEquals(List.of(), diagnose(Fixtures.global()).findings());
        set(Figure.SETUP_RETRANSMISSIONS_SPENT, 3);
        assertEquals(Symptom.EXCESSIVE_RETRANSMISSION, only(diagnose(Fixtures.global())).symptom());
    }

    @Test
    void unacknowledgedReliableProvisionalsAreNoEarlyMediaWith100relOn() {
        set(Figure.PRACK_TIMEOUTS, 5);
        Finding finding = only(diagnose(settings(SipKey.ENABLE_100REL, ValueSource.GLOBAL.fromPreset("call-center"),
                Duration.ZERO, true)));
        assertEquals(Symptom.NO_EARLY_MEDIA, finding.symptom());
        assertEquals("true (global preset call-center)", finding.current());
        assertTrue(finding.advice().startsWith("100rel is on"), finding.advice());
    }

    @Test
    void callersRefused420AreNoEarlyMediaWith100relOff() {
        set(Figure.PRACK_REJECTED_420, 7);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(List.of("7 callers requiring 100rel refused with 420 (sipsm_prack_rejected_420_total)"), finding.evidence());
        assertTrue(finding.advice().startsWith("100rel is off: callers that require it are refused 420"));
    }

    @Test
    void failedKeepAlivesAreStalledCalls() {
        set(Figure.KEEPALIVES_FAILED, 1);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.STALLED_CALLS, finding.symptom());
        assertEquals("7200 (default)", finding.current());
        assertTrue(finding.advice().contains("stays up to 7200 s"), finding.advice());
    }

    @Test
    void symptomsComeInTheTablesOrder() {
        set(Figure.KEEPALIVES_FAILED, 1);
        set(Figure.SESSIONS_EXPIRED, 1);
        set(Figure.PRACK_REJECTED_420, 1);
        assertEquals(List.of(Symptom.CALLS_CUT_AT_SESSION_EXPIRY, Symptom.NO_EARLY_MEDIA, Symptom.STALLED_CALLS),
                diagnose(Fixtures.global()).findings().stream().map(Finding::symptom).toList());
    }

    @Test
    void aFigureNobodyPublishesIsUnknownNotZero() {
        figures.remove(Figure.SESSIONS_EXPIRED);
        figures.remove(Figure.KEEPALIVES_FAILED);
        figures.remove(Figure.PRACK_TIMEOUTS);
        set(Figure.PRACK_REJECTED_420, 2);
        Diagnosis.Report report = diagnose(Fixtures.global());
        String why = " (its publisher is not running, or does not publish it yet)";
        assertEquals(List.of(
                "calls cut at 30 min: unknown, nothing publishes sipsm_session_timer_events_total{event=\"expired\"}"
                        + why,
                "no early media: partly checked, nothing publishes sipsm_prack_timeouts_total" + why,
                "stalled calls: unknown, nothing publishes"
                        + " sipsm_session_timer_events_total{event=\"keepalive_failed\"}" + why), report.unchecked());
        assertEquals(List.of(Symptom.NO_EARLY_MEDIA), report.findings().stream().map(Finding::symptom).toList());
    }

    @Test
    void withNoFigureAtAllNothingIsSeenAndEverySymptomIsUnknown() {
        figures.clear();
        Diagnosis.Report report = diagnose(Fixtures.global());
        assertEquals(List.of(), report.findings());
        assertEquals(Symptom.values().length, report.unchecked().size());
        report.unchecked().forEach(line -> assertTrue(line.contains(": unknown, nothing publishes "), line));
    }

    private Diagnosis.Report diagnose(EffectiveSettings global) {
        return new Diagnosis(figures, global).diagnose();
    }

    private static Finding only(Diagnosis.Report report) {
        assertEquals(1, report.findings().size(), report.findings().toString());
        return report.findings().get(0);
    }

    private void set(Figure figure, double value) {
        figures.put(figure, value);
    }

    /** The defaults with early hangup and 100rel as given, and one key's source. */
    private static EffectiveSettings settings(SipKey key, ValueSource source, Duration earlyHangup, boolean prack) {
        SipSettings d = SipSettings.DEFAULTS;
        SipSettings changed = new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(),
                d.tryingTimeout(), d.ringingTimeout(), d.sessionUpdateSegment(), earlyHangup,
                d.noTimerReinviteInterval(), d.publishExpire(), prack, d.sessionExpires(), d.minSessionExpires(),
                d.sessionTimerEnabled(), d.noTimerReinviteEnabled(), d.setupTimeoutsEnabled(),
                d.publishExpiryEnabled());
        Map<SipKey, ValueSource> sources = new EnumMap<>(SipKey.class);
        for (SipKey k : SipKey.values()) {
            sources.put(k, k == key ? source : ValueSource.DEFAULT);
        }
        return new EffectiveSettings(changed, sources, Optional.empty(), Fixtures.EXACT, List.of());
    }
}
