package io.sipsm.config;

import java.util.Objects;

/**
 * Where an effective value came from.
 *
 * @param kind the layer that supplied it
 * @param tenant the tenant's name for {@link Kind#TENANT}, otherwise null
 * @param preset the name of the preset of that layer's {@value SipConfiguration#PROFILE} that set the value, or
 *        null when the layer set it explicitly (or it is the default); since 2.1
 */
public record ValueSource(Kind kind, String tenant, String preset) {

    /** The built-in default. */
    public static final ValueSource DEFAULT = new ValueSource(Kind.DEFAULT, null);

    /** The global configuration {@value SipConfiguration#GLOBAL_PID}. */
    public static final ValueSource GLOBAL = new ValueSource(Kind.GLOBAL, null);

    /** The layers, lowest precedence first. */
    public enum Kind {
        /** Built into the bundle. */
        DEFAULT,
        /** The global configuration. */
        GLOBAL,
        /** A tenant's factory configuration. */
        TENANT
    }

    /**
     * @throws IllegalArgumentException when a tenant name is missing or given for another kind, or a preset is
     *         named for the default
     */
    public ValueSource {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TENANT) != (tenant != null)) {
            throw new IllegalArgumentException("a tenant name goes with kind TENANT only");
        }
        if (kind == Kind.DEFAULT && preset != null) {
            throw new IllegalArgumentException("the default comes from no preset");
        }
    }

    /** A value the layer set explicitly (or the default). */
    public ValueSource(Kind kind, String tenant) {
        this(kind, tenant, null);
    }

    /** The value set by the named tenant. */
    public static ValueSource tenant(String name) {
        return new ValueSource(Kind.TENANT, name);
    }

    /** The same layer, the value set by the named preset of its profile. @since 2.1 */
    public ValueSource fromPreset(String presetName) {
        return new ValueSource(kind, tenant, Objects.requireNonNull(presetName, "presetName"));
    }

    /** True when the value came from a preset rather than an explicit key. @since 2.1 */
    public boolean isPreset() {
        return preset != null;
    }

    /**
     * {@code default}, {@code global} or {@code tenant <name>}, followed by {@code preset <name>} for a value
     * that layer's profile set: {@code global preset call-center}, {@code tenant acme preset unstable-networks}.
     */
    @Override
    public String toString() {
        String layer = kind == Kind.TENANT ? "tenant " + tenant : kind.name().toLowerCase(java.util.Locale.ROOT);
        return preset == null ? layer : layer + " preset " + preset;
    }
}
