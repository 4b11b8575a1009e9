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

    static SipSettings with(long sessionExpires, long minSe, int segment, boolean timers, boolean keepAlive,
            long keepAliveInterval) {
        SipSettings d = SipSettings.DEFAULTS;
        return new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(), d.tryingTimeout(),
                d.ringingTimeout(), segment, d.earlyHangup(), Duration.ofSeconds(keepAliveInterval),
                d.publishExpire(), d.reliableProvisionals(), Duration.ofSeconds(sessionExpires),
                Duration.ofSeconds(minSe), timers, keepAlive, d.setupTimeoutsEnabled(), d.publishExpiryEnabled());
    }
}
