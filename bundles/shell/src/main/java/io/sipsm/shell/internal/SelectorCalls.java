package io.sipsm.shell.internal;

import java.util.Optional;

import io.sipsm.config.NewCall;

/**
 * Turns a tenant selector back into a call it matches. The resolver can only be asked about calls, so the
 * shell shows a tenant's settings by asking for a call that carries nothing but one of the tenant's selectors.
 */
final class SelectorCalls {

    private SelectorCalls() {
    }

    /**
     * A call matching the selector as {@link io.sipsm.config.TenantSummary#selectors()} lists it:
     * {@code application:<name>}, {@code domain:<host>} or {@code source:<network>/<prefix>}. A range is
     * represented by its network address, which the range always contains. Empty for an unknown kind.
     */
    static Optional<NewCall> callFor(String selector) {
        int colon = selector.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        String kind = selector.substring(0, colon).trim();
        String value = selector.substring(colon + 1).trim();
        return switch (kind) {
            case "application" -> Optional.of(new NewCall(null, null, value));
            case "domain" -> Optional.of(new NewCall(value, null, null));
            case "source" -> Optional.of(new NewCall(null, withoutPrefixLength(value), null));
            default -> Optional.empty();
        };
    }

    private static String withoutPrefixLength(String range) {
        int slash = range.indexOf('/');
        return slash < 0 ? range : range.substring(0, slash);
    }
}
