package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.sipsm.config.SipKey;

class KeyRulesTest {

    @Test
    void resendListAcceptsStringsArraysAndCollections() throws Exception {
        List<Duration> expected = List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2250));
        assertEquals(expected, KeyRules.parse(SipKey.RESEND_INTERVAL, "0.5,1,2.25"));
        assertEquals(expected, KeyRules.parse(SipKey.RESEND_INTERVAL, " 0.5 , 1 ,2.25 "));
        assertEquals(expected, KeyRules.parse(SipKey.RESEND_INTERVAL, new String[] {"0.5", "1", "2.25"}));
        assertEquals(expected, KeyRules.parse(SipKey.RESEND_INTERVAL, new double[] {0.5, 1, 2.25}));
        assertEquals(expected, KeyRules.parse(SipKey.RESEND_INTERVAL, List.of(0.5, 1, 2.25)));
        assertEquals(List.of(Duration.ofSeconds(60)), KeyRules.parse(SipKey.RESEND_INTERVAL, "60"));
        assertEquals(List.of(Duration.ofMillis(1)), KeyRules.parse(SipKey.RESEND_INTERVAL, "0.001"));
    }

    @Test
    void resendListOfTenValuesIsTheLimit() throws Exception {
        assertEquals(10, ((List<?>) KeyRules.parse(SipKey.RESEND_INTERVAL, "1,1,1,1,1,1,1,1,1,1")).size());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "0.5,abc                 | value 2 'abc' is not a number of seconds",
        "''                      | is empty",
        "'   '                   | is empty",
        "1,1,1,1,1,1,1,1,1,1,1   | has 11 values; give 1..10",
        "0.5,-1                  | value 2 '-1' must be greater than 0",
        "0                       | value 1 '0' must be greater than 0",
        "0.5,0.0                 | value 2 '0.0' must be greater than 0",
        "1e9                     | value 1 '1e9' exceeds the maximum of 60 s",
        "60.001                  | exceeds the maximum of 60 s",
        "0.0005                  | value 1 '0.0005' is finer than 1 ms",
        "'0.5,,1'                | value 2 '' is not a number of seconds",
        "NaN                     | is not a number of seconds",
        "0x10                    | is not a number of seconds"})
    void badResendListsAreRejectedNamingKeyValueAndReason(String value, String reason) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KeyRules.parse(SipKey.RESEND_INTERVAL, value));
        assertEquals("SS_SIP_RESEND_INTERVAL", e.key());
        assertEquals(value, e.value());
        assertTrue(e.reason().contains(reason), e.reason());
        assertTrue(e.getMessage().startsWith("SS_SIP_RESEND_INTERVAL=" + value + " rejected: "), e.getMessage());
    }

    @Test
    void emptyArrayIsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KeyRules.parse(SipKey.RESEND_INTERVAL, new String[0]));
        assertTrue(e.reason().contains("has 0 values"), e.reason());
    }

    @ParameterizedTest
    @CsvSource({
        "SEND_RETRY, 1, 10", "TIMEOUT_INVITE, 1, 300", "TIMEOUT_TRYING, 1, 600", "TIMEOUT_RINGING, 1, 3600",
        "SESSION_UPDATE_SEGMENT, 2, 10", "SESSION_TIMEOUT_EARLY_HANGUP, 0, 3600",
        "NO_TIMER_REINVITE_INTERVAL, 60, 86400", "PUBLISH_EXPIRE, 60, 86400", "SESSION_EXPIRES, 90, 86400",
        "SESSION_MIN_SE, 90, 86400"})
    void wholeNumberKeysAcceptTheirRangeAndNothingOutside(SipKey key, int min, int max) throws Exception {
        assertEquals(min, number(KeyRules.parse(key, String.valueOf(min))));
        assertEquals(max, number(KeyRules.parse(key, max)));
        assertEquals(max, number(KeyRules.parse(key, (long) max)));
        for (Object bad : new Object[] {String.valueOf(min - 1), max + 1, "abc", "1.5", 2.5d, "", "Infinity"}) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> KeyRules.parse(key, bad),
                    key + "=" + bad);
            assertEquals(key.propertyName(), e.key());
            assertEquals(String.valueOf(bad), e.value());
        }
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> KeyRules.parse(key, "-5"));
        assertEquals("must be " + min + ".." + max, e.reason());
    }

    @Test
    void minSeBelowRfc4028IsRejected() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KeyRules.parse(SipKey.SESSION_MIN_SE, "89"));
        assertEquals("SS_SIP_SESSION_MIN_SE=89 rejected: must be 90..86400", e.getMessage());
    }

    @Test
    void segmentOutsideTwoToTenIsRejected() {
        assertThrows(InvalidSettingException.class, () -> KeyRules.parse(SipKey.SESSION_UPDATE_SEGMENT, "1"));
        assertThrows(InvalidSettingException.class, () -> KeyRules.parse(SipKey.SESSION_UPDATE_SEGMENT, "11"));
    }

    @Test
    void secondsBecomeDurations() throws Exception {
        assertEquals(Duration.ofSeconds(10), KeyRules.parse(SipKey.TIMEOUT_INVITE, " 10 "));
        assertEquals(Duration.ZERO, KeyRules.parse(SipKey.SESSION_TIMEOUT_EARLY_HANGUP, "0"));
        assertEquals(10, KeyRules.parse(SipKey.SEND_RETRY, 10.0d));
    }

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", " True "})
    void flagsAcceptTrue(String value) throws Exception {
        assertEquals(true, KeyRules.parse(SipKey.ENABLE_100REL, value));
    }

    @Test
    void flagsAcceptBooleansAndFalse() throws Exception {
        assertEquals(false, KeyRules.parse(SipKey.ENABLE_SESSION_TIMER, "false"));
        assertEquals(true, KeyRules.parse(SipKey.ENABLE_PUBLISH_EXPIRE, Boolean.TRUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yes", "on", "1", "", "ture"})
    void flagsRejectAnythingElse(String value) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KeyRules.parse(SipKey.ENABLE_SETUP_TIMEOUTS, value));
        assertEquals("SS_SIP_ENABLE_SETUP_TIMEOUTS", e.key());
        assertEquals("must be true or false", e.reason());
    }

    @Test
    void singleValuedKeysRefuseLists() {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> KeyRules.parse(SipKey.SEND_RETRY, new String[] {"3", "4"}));
        assertEquals("must be a single value", e.reason());
    }

    private static long number(Object value) {
        return value instanceof Duration d ? d.toSeconds() : ((Number) value).longValue();
    }
}
