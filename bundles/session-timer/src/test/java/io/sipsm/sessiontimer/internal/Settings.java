package io.sipsm.sessiontimer.internal;

import java.time.Duration;

import io.sipsm.config.SipSettings;

/** SS_SIP_* settings for tests: the defaults with the session-timer values given. */
final class Settings {

    private Settings() {
    }

    static SipSettings of(long sessionExpires, long minSe, int segment) {
        return with(sessionExpires, minSe, segment, true, true, 7200);
    }

    /** These settings with another resend list and retry count. */
    static SipSettings withResend(SipSettings s, java.util.List<Duration> list, int retry) {
        return new SipSettings(list, retry, s.inviteTimeout(), s.tryingTimeout(), s.ringingTimeout(),
                s.sessionUpdateSegment(), s.earlyHangup(), s.noTimerReinviteInterval(), s.publishExpire(),
                s.reliableProvisionals(), s.sessionExpires(), s.minSessionExpires(), s.sessionTimerEnabled(),
                s.noTimerReinviteEnabled(), s.setupTimeoutsEnabled(), s.publishExpiryEnabled());
    }

    static SipSettings with(long sessionExpires, long minSe, int segment, boolean timers, boolean keepAlive,
            long keepAliveInterval) {
        SipSettings d = SipSettings.DEFAULTS;
        return new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(), d.tryingTimeout(),
                d.ringingTimeout(), segment, d.earlyHangup(), Duration.ofSeconds(keepAliveInterval),
                d.publishExpire(), d.reliableProvisionals(), Duration.ofSeconds(sessionExpires),
                Duration.ofSeconds(minSe), timers, keepAlive, d.setupTimeoutsEnabled(), d.publishExpiryEnabled());
    }
}
