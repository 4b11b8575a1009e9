package io.sipsm.config.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.sipsm.config.SipConfiguration;
import io.sipsm.config.SipKey;

/**
 * Reads the {@link SipKey} properties of one configuration dictionary into a {@link SettingsLayer}, over the
 * presets its {@value SipConfiguration#PROFILE} names. The first bad value rejects the whole dictionary:
 * applying half an edit would leave a mix nobody asked for.
 */
final class LayerParser {

    private static final String KEY_PREFIX = "SS_SIP_";

    private LayerParser() {
    }

    /** A parsed layer and what was noticed but not refused. */
    record Parsed(SettingsLayer layer, List<String> warnings) {
    }

    /**
     * @param emptyMeansInherit true for tenants: an empty string leaves the key to the global configuration
     *        (form-based editors save every field); for the global configuration an empty value is an error
     */
    static Parsed parse(Dictionary<String, ?> properties, boolean emptyMeansInherit) throws InvalidSettingException {
        Map<SipKey, Object> values = new EnumMap<>(SipKey.class);
        List<String> warnings = new ArrayList<>();
        if (properties == null) {
            return new Parsed(SettingsLayer.EMPTY, warnings);
        }
        List<String> names = Collections.list(properties.keys());
        Collections.sort(names); // the same edit always reports the same first error
        for (String property : names) {
            Object raw = properties.get(property);
            Optional<SipKey> key = SipKey.forProperty(property);
            if (key.isEmpty()) {
                // A misspelt key would otherwise change nothing without a word.
                if (property.toUpperCase(Locale.ROOT).startsWith(KEY_PREFIX)) {
                    warnings.add("unknown key " + property + " ignored");
                }
                continue;
            }
            if (emptyMeansInherit && ValueText.of(raw).isBlank()) {
                continue;
            }
            values.put(key.get(), KeyRules.parse(key.get(), raw));
        }
        ProfileParser.Profile profile = ProfileParser.parse(properties.get(SipConfiguration.PROFILE));
        return new Parsed(SettingsLayer.of(values).overPreset(profile.values(), profile.presetNames()), warnings);
    }
}
