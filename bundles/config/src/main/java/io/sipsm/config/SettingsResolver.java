package io.sipsm.config;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The service policies ask for settings. Ask once when a call starts and keep the answer for the call: later
 * edits apply to later calls, so a call never sees half of an edit.
 */
@ProviderType
public interface SettingsResolver {

    /**
     * The settings for a new call: those of the tenant whose selector matches it best (see
     * {@link SipConfiguration#TENANT_SELECTOR}) over the global ones over the defaults.
     */
    EffectiveSettings resolve(NewCall call);

    /** The global settings, over the defaults; the host's transaction timers follow these. */
    EffectiveSettings global();

    /** The tenants in force, by their strongest selector (application, domain, narrowest range), then name. */
    List<TenantSummary> tenants();

    /**
     * What the effective settings of a configuration would be with one value changed, without applying or
     * storing anything: the shell validates a value with it before an admin commits an edit.
     *
     * @param pid the global PID {@value SipConfiguration#GLOBAL_PID} or a tenant's configuration PID
     * @param key the key to change
     * @param value the value as an admin would type it
     * @return the settings with the value in place, with their warnings and resend mapping
     * @throws IllegalArgumentException naming the key, the value and why it is refused, or an unknown tenant
     */
    EffectiveSettings preview(String pid, SipKey key, String value);

    /** The most recent edit that was refused, if any since the service started. */
    Optional<ConfigurationRejection> lastRejection();

    /**
     * The refusals still standing: for each configuration whose last edit was refused, or which holds a value
     * refused before and left in place, its latest refusal, by PID. Such a configuration runs on its last good
     * values, not on what Configuration Admin shows, until the value is corrected or removed. Empty when every
     * stored configuration is in force.
     *
     * @since 2.2
     */
    default List<ConfigurationRejection> standingRejections() {
        return lastRejection().map(List::of).orElse(List.of());
    }
}
