package io.sipsm.config.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/**
 * The keys one configuration sets, already typed and range-checked. Layers stack: a tenant over the global
 * configuration over the defaults. Within a layer a key is set explicitly or by the configuration's profile
 * (a named preset); an explicit key always overrides the preset.
 */
final class SettingsLayer {

    /** A configuration that sets nothing. */
    static final SettingsLayer EMPTY = new SettingsLayer(new EnumMap<>(SipKey.class), new EnumMap<>(SipKey.class));

    private final Map<SipKey, Object> values;
    /** For each key the profile set, the name of the preset that set it. */
    private final Map<SipKey, String> presets;

    private SettingsLayer(Map<SipKey, Object> values, Map<SipKey, String> presets) {
        this.values = values;
        this.presets = presets;
    }

    /** A layer of typed values as {@link KeyRules#parse} returns them. */
    static SettingsLayer of(Map<SipKey, Object> values) {
        EnumMap<SipKey, Object> copy = new EnumMap<>(SipKey.class);
        copy.putAll(values);
        return new SettingsLayer(copy, new EnumMap<>(SipKey.class));
    }

    /**
     * This layer over a profile's values: each key the layer does not set takes the preset's value, marked with
     * the preset's name.
     *
     * @param presetValues typed values by key, as {@link KeyRules#parse} returns them
     * @param presetNames for each of those keys, the name of the preset it comes from
     */
    SettingsLayer overPreset(Map<SipKey, Object> presetValues, Map<SipKey, String> presetNames) {
        EnumMap<SipKey, Object> all = new EnumMap<>(SipKey.class);
        EnumMap<SipKey, String> marks = new EnumMap<>(SipKey.class);
        all.putAll(values);
        marks.putAll(presets);
        presetValues.forEach((key, value) -> {
            if (!all.containsKey(key)) {
                all.put(key, value);
                marks.put(key, presetNames.get(key));
            }
        });
        return new SettingsLayer(all, marks);
    }

    /** Every key of these settings: the bottom layer. */
    static SettingsLayer of(SipSettings settings) {
        EnumMap<SipKey, Object> all = new EnumMap<>(SipKey.class);
        for (SipKey key : SipKey.values()) {
            all.put(key, settings.value(key));
        }
        return new SettingsLayer(all, new EnumMap<>(SipKey.class));
    }

    /** This layer with one more (or a replaced) explicit value. */
    SettingsLayer with(SipKey key, Object value) {
        EnumMap<SipKey, Object> copy = new EnumMap<>(SipKey.class);
        copy.putAll(values);
        copy.put(key, value);
        EnumMap<SipKey, String> marks = new EnumMap<>(SipKey.class);
        marks.putAll(presets);
        marks.remove(key);
        return new SettingsLayer(copy, marks);
    }

    Optional<Object> get(SipKey key) {
        return Optional.ofNullable(values.get(key));
    }

    /** The preset that set this key, empty when the key is explicit or not set. */
    Optional<String> preset(SipKey key) {
        return Optional.ofNullable(presets.get(key));
    }

    Set<SipKey> keys() {
        return values.keySet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SettingsLayer layer && layer.values.equals(values) && layer.presets.equals(presets);
    }

    @Override
    public int hashCode() {
        return values.hashCode() * 31 + presets.hashCode();
    }

    @Override
    public String toString() {
        return presets.isEmpty() ? values.toString() : values + " presets " + presets;
    }
}
