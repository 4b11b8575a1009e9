/**
 * The {@code SS_SIP_*} session-policy settings and how a policy finds the values that apply to a call.
 *
 * <ul>
 * <li>{@link io.sipsm.config.SipKey} names every key as operators type it in {@code config:edit}.</li>
 * <li>{@link io.sipsm.config.SipSettings} is one complete, immutable set of values.</li>
 * <li>{@link io.sipsm.config.SettingsResolver} is the service a policy asks, once per new call, for the
 * {@link io.sipsm.config.EffectiveSettings}: tenant over global over default, each value with its
 * {@link io.sipsm.config.ValueSource}.</li>
 * <li>{@link io.sipsm.config.SipConfiguration} holds the configuration PIDs and the tenant properties.</li>
 * <li>{@link io.sipsm.config.AddressRange} is an address or CIDR range as the settings of who may call or
 * publish write it, parsed without DNS.</li>
 * </ul>
 *
 * <p>Exported without a substitution import: this bundle is the only provider of the package and its
 * implementation is the package's reason to exist, so there is nothing to substitute.
 */
@Export(substitution = Substitution.NOIMPORT)
@Version("2.3.0")
package io.sipsm.config;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.bundle.Export.Substitution;
import org.osgi.annotation.versioning.Version;
