package io.sipsm.config;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings in force for a call (or globally), with the origin of each value.
 *
 * @param settings the values
 * @param sources for every {@link SipKey}, the layer its value came from
 * @param tenant the tenant whose configuration applies, empty for the global settings
 * @param resend how the resend list maps onto the host's transaction timers
 * @param warnings advice about these values that did not stop them taking effect (RFC 4028 refresh timing)
 */
public record EffectiveSettings(SipSettings settings, Map<SipKey, ValueSource> sources, Optional<String> tenant,
        ResendMapping resend, List<String> warnings) {

    /** @throws IllegalArgumentException when a key has no source */
    public EffectiveSettings {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(resend, "resend");
        EnumMap<SipKey, ValueSource> copy = new EnumMap<>(SipKey.class);
        copy.putAll(sources);
        if (copy.size() != SipKey.values().length) {
            throw new IllegalArgumentException("every key needs a source, got " + copy.keySet());
        }
        sources = Map.copyOf(copy);
        warnings = List.copyOf(warnings);
    }

    /** Where the value of this key came from. */
    public ValueSource source(SipKey key) {
        return sources.get(key);
    }
}
