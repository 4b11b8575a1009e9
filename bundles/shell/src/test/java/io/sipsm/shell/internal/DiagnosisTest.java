package io.sipsm.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/** Which symptom the counters show, and which parameter each points at: the guides' troubleshooting table. */
class DiagnosisTest {

    private final Map<String, Map<String, Long>> counters = new HashMap<>();

    DiagnosisTest() {
        counters.put("session-timer", quiet("refreshed", "expired", "keepalive.failed", "legs.now"));
        counters.put("setup-timeouts", quiet("invite.timeout", "retransmissions.spent", "trying.timeout",
                "ringing.timeout", "early.hangup", "answered", "failed", "not.tracked", "calls.now"));
        counters.put("prack", quiet("reliable.sent", "prack.received", "prack.timeout", "rejected.420"));
    }

    @Test
    void quietCountersShowNoSymptomAndEverySymptomWasChecked() {
        counters.get("setup-timeouts").put("answered", 1000L);
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
        counters.get("session-timer").put("expired", 12L);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.CALLS_CUT_AT_SESSION_EXPIRY, finding.symptom());
        assertEquals(List.of("12 calls ended because no session refresh came in time (expired)"), finding.evidence());
        assertEquals("4 (default)", finding.current());
        assertTrue(finding.advice().startsWith("the host refreshes at 1350 s of a 1800 s session"), finding.advice());
    }

    @Test
    void earlyHangupsAndAFullSetupTableAreZombieSessions() {
        counters.get("setup-timeouts").put("early.hangup", 3L);
        counters.get("setup-timeouts").put("not.tracked", 2L);
        Finding finding = only(diagnose(settings(SipKey.SESSION_TIMEOUT_EARLY_HANGUP, ValueSource.tenant("x"),
                Duration.ofSeconds(90), false)));
        assertEquals(Symptom.ZOMBIE_SESSIONS, finding.symptom());
        assertEquals(2, finding.evidence().size());
        assertEquals("90 (tenant x)", finding.current());
        assertTrue(finding.advice().startsWith("calls not set up within 90 s are torn down"), finding.advice());
    }

    @Test
    void zombieAdviceSaysWhenEarlyHangupIsOff() {
        counters.get("setup-timeouts").put("not.tracked", 1L);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals("0 (default)", finding.current());
        assertTrue(finding.advice().startsWith("early hangup is off"), finding.advice());
        assertTrue(finding.advice().endsWith("the manual recommends 30-60 s"), finding.advice());
    }

    @Test
    void retransmissionIsASymptomFromFivePercentOfAttemptsUnanswered() {
        Map<String, Long> setup = counters.get("setup-timeouts");
        setup.put("answered", 95L);
        setup.put("invite.timeout", 3L);
        setup.put("retransmissions.spent", 2L);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.EXCESSIVE_RETRANSMISSION, finding.symptom());
        assertEquals(List.of("5 of 100 gateway attempts (5 %) got no response at all and were retransmitted until"
                + " given up (setup-timeouts: invite.timeout 3, retransmissions.spent 2)"), finding.evidence());
        assertEquals("0.5,1,2,4,4,4,4,4,4,4 (default)", finding.current());
        assertTrue(finding.advice().contains("10 retransmissions within 31.5 s"), finding.advice());
    }

    @Test
    void aFewUnansweredAttemptsAmongManyAreNoSymptom() {
        Map<String, Long> setup = counters.get("setup-timeouts");
        setup.put("answered", 97L);
        setup.put("invite.timeout", 2L);
        setup.put("failed", 1L);
        assertEquals(List.of(), diagnose(Fixtures.global()).findings());
        setup.put("retransmissions.spent", 4L);
        assertEquals(Symptom.EXCESSIVE_RETRANSMISSION, only(diagnose(Fixtures.global())).symptom());
    }

    @Test
    void unacknowledgedReliableProvisionalsAreNoEarlyMediaWith100relOn() {
        counters.get("prack").put("prack.timeout", 5L);
        Finding finding = only(diagnose(settings(SipKey.ENABLE_100REL, ValueSource.GLOBAL.fromPreset("call-center"),
                Duration.ZERO, true)));
        assertEquals(Symptom.NO_EARLY_MEDIA, finding.symptom());
        assertEquals("true (global preset call-center)", finding.current());
        assertTrue(finding.advice().startsWith("100rel is on"), finding.advice());
    }

    @Test
    void callersRefused420AreNoEarlyMediaWith100relOff() {
        counters.get("prack").put("rejected.420", 7L);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(List.of("7 callers requiring 100rel refused with 420 (rejected.420)"), finding.evidence());
        assertTrue(finding.advice().startsWith("100rel is off: callers that require it are refused 420"));
    }

    @Test
    void failedKeepAlivesAreStalledCalls() {
        counters.get("session-timer").put("keepalive.failed", 1L);
        Finding finding = only(diagnose(Fixtures.global()));
        assertEquals(Symptom.STALLED_CALLS, finding.symptom());
        assertEquals("7200 (default)", finding.current());
        assertTrue(finding.advice().contains("stays up to 7200 s"), finding.advice());
    }

    @Test
    void symptomsComeInTheTablesOrder() {
        counters.get("session-timer").put("keepalive.failed", 1L);
        counters.get("session-timer").put("expired", 1L);
        counters.get("prack").put("rejected.420", 1L);
        assertEquals(List.of(Symptom.CALLS_CUT_AT_SESSION_EXPIRY, Symptom.NO_EARLY_MEDIA, Symptom.STALLED_CALLS),
                diagnose(Fixtures.global()).findings().stream().map(Finding::symptom).toList());
    }

    @Test
    void aPolicyNotRunningLeavesItsSymptomsUnchecked() {
        counters.remove("session-timer");
        counters.remove("prack");
        Diagnosis.Report report = diagnose(Fixtures.global());
        assertEquals(List.of("calls cut at 30 min: the session-timer policy is not running",
                "no early media: the prack policy is not running",
                "stalled calls: the session-timer policy is not running"), report.unchecked());
    }

    private Diagnosis.Report diagnose(EffectiveSettings global) {
        return new Diagnosis(counters, global).diagnose();
    }

    private static Finding only(Diagnosis.Report report) {
        assertEquals(1, report.findings().size(), report.findings().toString());
        return report.findings().get(0);
    }

    private static Map<String, Long> quiet(String... names) {
        Map<String, Long> out = new HashMap<>();
        for (String name : names) {
            out.put(name, 0L);
        }
        return out;
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
