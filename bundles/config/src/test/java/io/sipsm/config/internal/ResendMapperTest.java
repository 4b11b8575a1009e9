package io.sipsm.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.host.TransactionTimers;

class ResendMapperTest {

    @Test
    void vosDefaultIsExactlyRfcT1AndT2() {
        ResendMapping mapping = ResendMapper.map(SipSettings.DEFAULTS);
        assertTrue(mapping.exact(), mapping.explanation());
        assertEquals(500, mapping.t1Millis());
        assertEquals(4000, mapping.t2Millis());
        assertEquals(10, mapping.retransmissions());
        assertEquals(Duration.ofMillis(31_500), mapping.window());
        assertTrue(mapping.explanation().contains("INVITE included, are retransmitted on the list"),
                mapping.explanation());
    }

    @Test
    void doublingCappedAtAnyMultipleOfT1IsExact() throws Exception {
        ResendMapping mapping = map("0.5,1,2,3,3,3", 6);
        assertTrue(mapping.exact(), mapping.explanation());
        assertEquals(3000, mapping.t2Millis());
        assertEquals(Duration.ofMillis(12_500), mapping.window());
    }

    @Test
    void constantListIsExactWithT2EqualT1() throws Exception {
        ResendMapping mapping = map("1,1,1", 3);
        assertTrue(mapping.exact());
        assertEquals(1000, mapping.t1Millis());
        assertEquals(1000, mapping.t2Millis());
    }

    @Test
    void pureDoublingTakesItsLastValueAsT2() throws Exception {
        ResendMapping mapping = map("0.25,0.5,1,2", 4);
        assertTrue(mapping.exact());
        assertEquals(250, mapping.t1Millis());
        assertEquals(2000, mapping.t2Millis());
    }

    @Test
    void otherShapesMapToFirstAndLargestAndSayHowTheHostDiffers() throws Exception {
        ResendMapping mapping = map("0.5,2,4", 3);
        assertFalse(mapping.exact());
        assertEquals(500, mapping.t1Millis());
        assertEquals(4000, mapping.t2Millis());
        assertTrue(mapping.explanation().startsWith("approximate for responses: value 2 is 2 s where doubling gives 1 s"),
                mapping.explanation());
        assertTrue(mapping.explanation().contains("stack retransmits responses after 0.5,1,2 s instead"),
                mapping.explanation());
        assertEquals(Duration.ofMillis(6500), mapping.window());
    }

    @Test
    void largestNotAMultipleOfT1IsApproximateAndRounded() throws Exception {
        ResendMapping mapping = map("0.3,0.6,1", 3);
        assertFalse(mapping.exact());
        assertEquals(300, mapping.t1Millis());
        assertEquals(900, mapping.t2Millis());
        assertTrue(mapping.explanation().contains("multiples of T1 (0.3 s) and cannot wait 1 s"),
                mapping.explanation());
    }

    @Test
    void valuesPastTheRetryCountDoNotCount() throws Exception {
        ResendMapping mapping = map("0.5,1,2,4,7,9", 4);
        assertTrue(mapping.exact(), mapping.explanation());
        assertEquals(4, mapping.retransmissions());
        assertEquals(Duration.ofMillis(7500), mapping.window());
    }

    @Test
    void retryCountLargerThanTheListIsCappedByTheList() throws Exception {
        ResendMapping mapping = map("0.5,1", 10);
        assertEquals(2, mapping.retransmissions());
        assertEquals(Duration.ofMillis(1500), mapping.window());
    }

    @Test
    void mappingKeepsTheHostsT4AndTimerD() throws Exception {
        TransactionTimers.Values host = new TransactionTimers.Values(500, 4000, 6000, 40_000);
        assertEquals(new TransactionTimers.Values(1000, 8000, 6000, 40_000), HostTimerApplier.onto(map("1,2,4,8", 4), host));
    }

    @Test
    void hostScheduleDoublesUpToT2() {
        assertEquals("0.5,1,2,4,4", ResendMapper.hostSchedule(500, 4000, 5));
    }

    private static ResendMapping map(String list, int retry) throws InvalidSettingException {
        return ResendMapper.map(settings(list, retry));
    }

    /** The defaults with this resend list and retry count. */
    static SipSettings settings(String list, int retry) throws InvalidSettingException {
        @SuppressWarnings("unchecked")
        List<Duration> intervals = (List<Duration>) KeyRules.parse(SipKey.RESEND_INTERVAL, list);
        SipSettings d = SipSettings.DEFAULTS;
        return (new SipSettings(intervals, retry, d.inviteTimeout(), d.tryingTimeout(),
                d.ringingTimeout(), d.sessionUpdateSegment(), d.earlyHangup(), d.noTimerReinviteInterval(),
                d.publishExpire(), d.reliableProvisionals(), d.sessionExpires(), d.minSessionExpires(),
                d.sessionTimerEnabled(), d.noTimerReinviteEnabled(), d.setupTimeoutsEnabled(),
                d.publishExpiryEnabled()));
    }
}
