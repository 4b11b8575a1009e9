package io.sipsm.shell.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/** Effective settings for tests, built without the config bundle's internals. */
final class Fixtures {

    static final ResendMapping EXACT = new ResendMapping(500, 4000, true,
            "exact: T1 500 ms, T2 4000 ms; INVITE retransmissions double without the T2 cap", 10,
            Duration.ofMillis(31_500));

    private Fixtures() {
    }

    /** The defaults, every key from the default layer, no tenant. */
    static EffectiveSettings global() {
        return effective(Optional.empty(), Map.of(), EXACT, List.of());
    }

    /** The defaults for a tenant that sets the given keys itself. */
    static EffectiveSettings tenant(String name, SipKey... overridden) {
        Map<SipKey, ValueSource> sources = new EnumMap<>(SipKey.class);
        for (SipKey key : overridden) {
            sources.put(key, ValueSource.tenant(name));
        }
        return effective(Optional.of(name), sources, EXACT, List.of());
    }

    static EffectiveSettings effective(Optional<String> tenant, Map<SipKey, ValueSource> sources,
            ResendMapping resend, List<String> warnings) {
        Map<SipKey, ValueSource> all = new EnumMap<>(SipKey.class);
        for (SipKey key : SipKey.values()) {
            all.put(key, sources.getOrDefault(key, ValueSource.DEFAULT));
        }
        return new EffectiveSettings(SipSettings.DEFAULTS, all, tenant, resend, warnings);
    }
}
