package io.sipsm.config;

import java.util.Objects;

/**
 * Where an effective value came from.
 *
 * @param kind the layer that supplied it
 * @param tenant the tenant's name for {@link Kind#TENANT}, otherwise null
 */
public record ValueSource(Kind kind, String tenant) {

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

    /** @throws IllegalArgumentException when a tenant name is missing or given for another kind */
    public ValueSource {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.TENANT) != (tenant != null)) {
            throw new IllegalArgumentException("a tenant name goes with kind TENANT only");
        }
    }

    /** The value set by the named tenant. */
    public static ValueSource tenant(String name) {
        return new ValueSource(Kind.TENANT, name);
    }

    /** {@code default}, {@code global} or {@code tenant <name>}. */
    @Override
    public String toString() {
        return kind == Kind.TENANT ? "tenant " + tenant : kind.name().toLowerCase(java.util.Locale.ROOT);
    }
}
