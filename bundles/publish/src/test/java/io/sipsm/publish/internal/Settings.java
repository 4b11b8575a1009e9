package io.sipsm.publish.internal;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/** Effective settings as the configuration bundle resolves them, with the PUBLISH keys chosen. */
final class Settings {

    private Settings() {
    }

    static EffectiveSettings publish(long expireSeconds, boolean enabled, String tenant) {
        SipSettings d = SipSettings.DEFAULTS;
        SipSettings settings = new SipSettings(d.resendIntervals(), d.sendRetry(), d.inviteTimeout(),
                d.tryingTimeout(), d.ringingTimeout(), d.sessionUpdateSegment(), d.earlyHangup(),
                d.noTimerReinviteInterval(), Duration.ofSeconds(expireSeconds), d.reliableProvisionals(),
                d.sessionExpires(), d.minSessionExpires(), d.sessionTimerEnabled(), d.noTimerReinviteEnabled(),
                d.setupTimeoutsEnabled(), enabled);
        ValueSource source = tenant == null ? ValueSource.GLOBAL : ValueSource.tenant(tenant);
        Map<SipKey, ValueSource> sources = Arrays.stream(SipKey.values())
                .collect(Collectors.toMap(Function.identity(), k -> source));
        return new EffectiveSettings(settings, sources, Optional.ofNullable(tenant),
                new ResendMapping(500, 4000, true, "exact", 10, Duration.ofSeconds(32)), List.of());
    }
}
