package io.sipsm.config.internal;

import java.util.Locale;
import java.util.OptionalInt;

import io.sipsm.config.AddressRange;
import io.sipsm.config.NewCall;
import io.sipsm.config.SipConfiguration;

/**
 * One entry of {@link SipConfiguration#TENANT_SELECTOR}: {@code application:<name>}, {@code domain:<host>} or
 * {@code source:<CIDR>}. A match has a strength: the application a call is routed to is the most deliberate
 * choice an operator makes, a request domain names a customer, and a source range may be shared by several
 * customers behind one carrier, so application beats domain beats source, and a narrower range beats a wider.
 */
record TenantSelector(Kind kind, String value, AddressRange range) {

    /** The kinds of selector, weakest first. */
    enum Kind {
        SOURCE, DOMAIN, APPLICATION;

        String prefix() {
            return name().toLowerCase(Locale.ROOT) + ":";
        }
    }

    // Strengths: a source range scores its prefix length (0..128), so every domain and application beats it.
    private static final int DOMAIN_STRENGTH = 1_000;
    private static final int APPLICATION_STRENGTH = 2_000;

    static TenantSelector parse(String text) throws InvalidSettingException {
        String entry = text.trim();
        int colon = entry.indexOf(':');
        String kindName = colon < 0 ? entry : entry.substring(0, colon).trim();
        String value = colon < 0 ? "" : entry.substring(colon + 1).trim();
        Kind kind;
        try {
            kind = Kind.valueOf(kindName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(SipConfiguration.TENANT_SELECTOR, text,
                    "unknown selector kind '" + kindName + "'; use application:, domain: or source:");
        }
        if (value.isEmpty()) {
            throw new InvalidSettingException(SipConfiguration.TENANT_SELECTOR, text, kind.prefix() + " needs a value");
        }
        return switch (kind) {
            case APPLICATION -> new TenantSelector(kind, value, null);
            case DOMAIN -> new TenantSelector(kind, normaliseDomain(value), null);
            case SOURCE -> new TenantSelector(kind, value, AddressRange.parse(value).orElseThrow(
                    () -> new InvalidSettingException(SipConfiguration.TENANT_SELECTOR, text,
                            "'" + value + "' is not an IPv4 or IPv6 address or CIDR range")));
        };
    }

    /** How strongly this selector matches the call, higher is stronger; empty when it does not match. */
    OptionalInt strength(NewCall call) {
        boolean matches = switch (kind) {
            case APPLICATION -> value.equals(call.application());
            case DOMAIN -> call.requestDomain() != null && value.equals(normaliseDomain(call.requestDomain()));
            case SOURCE -> range.contains(call.sourceAddress());
        };
        return matches ? OptionalInt.of(strength()) : OptionalInt.empty();
    }

    /** The strength of a match by this selector, for ordering tenants. */
    int strength() {
        return switch (kind) {
            case APPLICATION -> APPLICATION_STRENGTH;
            case DOMAIN -> DOMAIN_STRENGTH;
            case SOURCE -> range.prefixLength();
        };
    }

    /** Host names compare without case and without a trailing root dot. */
    private static String normaliseDomain(String domain) {
        String lower = domain.trim().toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    @Override
    public String toString() {
        return kind.prefix() + (range != null ? range : value);
    }
}
