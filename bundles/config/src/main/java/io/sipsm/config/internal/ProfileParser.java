package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;

/**
 * Reads {@value SipConfiguration#PROFILE}: up to two preset names, comma separated (or a String[]), at most one
 * operation type and one deployment type, for example {@code call-center, unstable-networks}. Two of one kind
 * would set the same keys, and which one wins would be a guess, so that is refused like an unknown name.
 */
final class ProfileParser {

    private ProfileParser() {
    }

    /**
     * The keys a profile sets.
     *
     * @param values typed values, as {@link KeyRules#parse} returns them
     * @param presetNames for each key, the preset it comes from
     */
    record Profile(Map<SipKey, Object> values, Map<SipKey, String> presetNames) {

        static final Profile NONE = new Profile(Map.of(), Map.of());
    }

    /** The profile a configuration names; {@link Profile#NONE} for an absent or blank value. */
    static Profile parse(Object raw) throws InvalidSettingException {
        List<Presets.Preset> chosen = new ArrayList<>();
        for (String name : ValueText.items(raw)) {
            if (name.isEmpty()) {
                continue;
            }
            Presets.Preset preset = Presets.named(name).orElseThrow(() -> new InvalidSettingException(
                    SipConfiguration.PROFILE, raw, "unknown preset '" + name + "'; operation types: "
                            + Presets.names(Presets.Kind.OPERATION) + "; deployment types: "
                            + Presets.names(Presets.Kind.DEPLOYMENT)));
            for (Presets.Preset other : chosen) {
                if (other.kind() == preset.kind()) {
                    throw new InvalidSettingException(SipConfiguration.PROFILE, raw, "names two "
                            + preset.kind().label() + "s (" + other.name() + ", " + preset.name()
                            + "); give at most one operation type and one deployment type");
                }
            }
            chosen.add(preset);
        }
        Map<SipKey, Object> values = new EnumMap<>(SipKey.class);
        Map<SipKey, String> names = new EnumMap<>(SipKey.class);
        for (Presets.Preset preset : chosen) {
            for (Map.Entry<SipKey, String> entry : preset.values().entrySet()) {
                values.put(entry.getKey(), KeyRules.parse(entry.getKey(), entry.getValue()));
                names.put(entry.getKey(), preset.name());
            }
        }
        return values.isEmpty() ? Profile.NONE : new Profile(values, names);
    }
}
