package io.sipsm.config.internal;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;

/**
 * The keys one configuration sets, already typed and range-checked. Layers stack: a tenant over the global
 * configuration over the defaults.
 */
final class SettingsLayer {

    /** A configuration that sets nothing. */
    static final SettingsLayer EMPTY = new SettingsLayer(new EnumMap<>(SipKey.class));

    private final Map<SipKey, Object> values;

    private SettingsLayer(Map<SipKey, Object> values) {
        this.values = values;
    }

    /** A layer of typed values as {@link KeyRules#parse} returns them. */
    static SettingsLayer of(Map<SipKey, Object> values) {
        EnumMap<SipKey, Object> copy = new EnumMap<>(SipKey.class);
        copy.putAll(values);
        return new SettingsLayer(copy);
    }

    /** Every key of these settings: the bottom layer. */
    static SettingsLayer of(SipSettings settings) {
        EnumMap<SipKey, Object> all = new EnumMap<>(SipKey.class);
        for (SipKey key : SipKey.values()) {
            all.put(key, settings.value(key));
        }
        return new SettingsLayer(all);
    }

    /** This layer with one more (or a replaced) value. */
    SettingsLayer with(SipKey key, Object value) {
        EnumMap<SipKey, Object> copy = new EnumMap<>(SipKey.class);
        copy.putAll(values);
        copy.put(key, value);
        return new SettingsLayer(copy);
    }

    Optional<Object> get(SipKey key) {
        return Optional.ofNullable(values.get(key));
    }

    Set<SipKey> keys() {
        return values.keySet();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SettingsLayer layer && layer.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
