package io.sipsm.shell.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.TenantSummary;

/**
 * Finds the settings {@code sipsm:settings} shows: the global ones, a tenant's, or those a new call with given
 * attributes would get, together with a line saying whose they are.
 *
 * <p>{@link SettingsResolver} has no lookup by tenant name, so a tenant's settings are found by resolving a call
 * built from each of its own selectors (see {@link SelectorCalls}) until one reaches that tenant. A selector
 * that another tenant wins on precedence is reported, since it means some calls the operator meant for this
 * tenant go elsewhere.
 */
final class SettingsLookup {

    /**
     * What to show.
     *
     * @param effective the settings
     * @param subject whose settings they are and how they were found
     * @param notes anything surprising found on the way
     */
    record Result(EffectiveSettings effective, String subject, List<String> notes) {

        /** Copies the notes. */
        Result {
            notes = List.copyOf(notes);
        }
    }

    private final SettingsResolver resolver;

    SettingsLookup(SettingsResolver resolver) {
        this.resolver = Objects.requireNonNull(resolver, "resolver");
    }

    /** The global settings, which every call no tenant claims gets. */
    Result global() {
        return new Result(resolver.global(), "global settings (for calls no tenant matches)", List.of());
    }

    /** What a new call with these attributes (each may be null) would get. */
    Result forCall(String domain, String source, String application) {
        EffectiveSettings effective = resolver.resolve(new NewCall(domain, source, application));
        String who = effective.tenant().map(t -> "tenant " + t).orElse("the global settings (no tenant matches)");
        return new Result(effective, "a new call with domain=" + orDash(domain) + ", source=" + orDash(source)
                + ", application=" + orDash(application) + " gets " + who, List.of());
    }

    /**
     * The settings a call of the named tenant gets.
     *
     * @throws IllegalArgumentException when no tenant has that name, or when every selector of the tenant is
     *         won by another tenant, so no call built from them reaches it
     */
    Result forTenant(String name) {
        TenantSummary tenant = resolver.tenants().stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(noSuchTenant(name)));
        List<String> shadowed = new ArrayList<>();
        Result found = null;
        for (String selector : tenant.selectors()) {
            Optional<NewCall> call = SelectorCalls.callFor(selector);
            if (call.isEmpty()) {
                continue;
            }
            EffectiveSettings effective = resolver.resolve(call.get());
            if (effective.tenant().filter(name::equals).isPresent()) {
                if (found == null) {
                    found = new Result(effective, "tenant " + name + ", as a call matching its selector " + selector
                            + " gets them", List.of());
                }
            } else {
                shadowed.add(selector + " goes to " + effective.tenant().map(t -> "tenant " + t).orElse("global"));
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no call built from the selectors of tenant " + name + " reaches it: "
                    + String.join("; ", shadowed) + " (a source range is tried at its network address only)");
        }
        List<String> notes = shadowed.stream().map(s -> "selector " + s + ", which wins on precedence").toList();
        return new Result(found.effective(), found.subject(), notes);
    }

    private String noSuchTenant(String name) {
        List<TenantSummary> tenants = resolver.tenants();
        if (tenants.isEmpty()) {
            return "no tenant named '" + name + "': no tenant is configured";
        }
        return "no tenant named '" + name + "'; tenants in force: "
                + tenants.stream().map(TenantSummary::name).collect(Collectors.joining(", "));
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }
}
