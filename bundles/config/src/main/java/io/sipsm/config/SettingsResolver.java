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

    /** The most recent edit that was refused, if any since the service started. */
    Optional<ConfigurationRejection> lastRejection();
}
