package io.sipsm.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SipSettingsTest {

    private final SipSettings d = SipSettings.DEFAULTS;

    @Test
    void defaultsAreVos3000sAndRfc4028s() {
        assertEquals("0.5,1,2,4,4,4,4,4,4,4", d.text(SipKey.RESEND_INTERVAL));
        assertEquals("10", d.text(SipKey.SEND_RETRY));
        assertEquals("10", d.text(SipKey.TIMEOUT_INVITE));
        assertEquals("20", d.text(SipKey.TIMEOUT_TRYING));
        assertEquals("120", d.text(SipKey.TIMEOUT_RINGING));
        assertEquals("4", d.text(SipKey.SESSION_UPDATE_SEGMENT));
        assertEquals("0", d.text(SipKey.SESSION_TIMEOUT_EARLY_HANGUP));
        assertEquals("7200", d.text(SipKey.NO_TIMER_REINVITE_INTERVAL));
        assertEquals("3600", d.text(SipKey.PUBLISH_EXPIRE));
        assertEquals("false", d.text(SipKey.ENABLE_100REL));
        assertEquals("1800", d.text(SipKey.SESSION_EXPIRES));
        assertEquals("90", d.text(SipKey.SESSION_MIN_SE));
        assertFalse(d.earlyHangupEnabled());
    }

    @Test
    void refreshPointFollowsTheSegment() {
        assertEquals(Duration.ofSeconds(1350), d.refreshAfter());
    }

    @Test
    void windowIsTheSumOfTheUsedIntervals() {
        assertEquals(10, d.retransmissions());
        assertEquals(Duration.ofMillis(31_500), d.retransmissionWindow());
    }

    @Test
    void emptyResendListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SipSettings(List.of(), 1, d.inviteTimeout(),
                d.tryingTimeout(), d.ringingTimeout(), 4, d.earlyHangup(), d.noTimerReinviteInterval(),
                d.publishExpire(), false, d.sessionExpires(), d.minSessionExpires(), true, true, true, true));
    }

    @Test
    void keysAreFoundByPropertyNameIgnoringCase() {
        assertEquals(Optional.of(SipKey.SEND_RETRY), SipKey.forProperty("ss_sip_send_retry"));
        assertEquals(Optional.empty(), SipKey.forProperty("SS_SIP_SEND_RETRIES"));
    }

    @Test
    void valueSourcesReadAsOperatorsSayThem() {
        assertEquals("default", ValueSource.DEFAULT.toString());
        assertEquals("global", ValueSource.GLOBAL.toString());
        assertEquals("tenant acme", ValueSource.tenant("acme").toString());
        assertThrows(IllegalArgumentException.class, () -> new ValueSource(ValueSource.Kind.GLOBAL, "acme"));
        assertTrue(ValueSource.tenant("x").kind() == ValueSource.Kind.TENANT);
    }
}
