package io.sipsm.config.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;
import io.sipsm.config.SipSettings;
import io.sipsm.config.ValueSource;

/**
 * Stacks the layers (tenant over global over default; within each, explicit keys over the profile's presets)
 * into effective settings and checks the rules that
 * span keys: Session-Expires below Min-SE is refused, a refresh point that RFC 4028 timing makes late is
 * only warned about (some peers refresh themselves, and the operator may know it).
 */
final class SettingsMerger {

    /** RFC 4028 section 10: the non-refresher sends BYE at most 32 s before the session expires. */
    private static final long RFC4028_BYE_MARGIN = 32;

    private SettingsMerger() {
    }

    static EffectiveSettings global(SettingsLayer global) throws InvalidSettingException {
        return merge(global, SettingsLayer.EMPTY, null);
    }

    static EffectiveSettings tenant(SettingsLayer global, SettingsLayer tenant, String tenantName)
            throws InvalidSettingException {
        return merge(global, tenant, tenantName);
    }

    private static EffectiveSettings merge(SettingsLayer global, SettingsLayer tenant, String tenantName)
            throws InvalidSettingException {
        SettingsLayer defaults = SettingsLayer.of(SipSettings.DEFAULTS);
        Map<SipKey, Object> values = new EnumMap<>(SipKey.class);
        Map<SipKey, ValueSource> sources = new EnumMap<>(SipKey.class);
        for (SipKey key : SipKey.values()) {
            if (tenant.get(key).isPresent()) {
                values.put(key, tenant.get(key).get());
                sources.put(key, fromPreset(ValueSource.tenant(tenantName), tenant, key));
            } else if (global.get(key).isPresent()) {
                values.put(key, global.get(key).get());
                sources.put(key, fromPreset(ValueSource.GLOBAL, global, key));
            } else {
                values.put(key, defaults.get(key).orElseThrow());
                sources.put(key, ValueSource.DEFAULT);
            }
        }
        SipSettings settings = build(values);
        String scope = tenantName == null ? "" : " for tenant " + tenantName;
        if (settings.sessionExpires().compareTo(settings.minSessionExpires()) < 0) {
            throw new InvalidSettingException(SipKey.SESSION_EXPIRES.propertyName(),
                    settings.text(SipKey.SESSION_EXPIRES),
                    "is below " + SipKey.SESSION_MIN_SE + "=" + settings.text(SipKey.SESSION_MIN_SE) + scope);
        }
        List<String> warnings = new ArrayList<>();
        lateRefreshWarning(settings).ifPresent(w -> warnings.add(w + scope));
        return new EffectiveSettings(settings, sources, Optional.ofNullable(tenantName),
                ResendMapper.map(settings), warnings);
    }

    private static ValueSource fromPreset(ValueSource layerSource, SettingsLayer layer, SipKey key) {
        return layer.preset(key).map(layerSource::fromPreset).orElse(layerSource);
    }

    /**
     * A refresh at SE × (1 − 1/segment) reaches a non-refreshing peer in time only if SE/segment exceeds
     * min(32, SE/3), the margin by which that peer hangs up early.
     */
    static Optional<String> lateRefreshWarning(SipSettings settings) {
        long se = settings.sessionExpires().toSeconds();
        int segment = settings.sessionUpdateSegment();
        double slice = (double) se / segment;
        double margin = Math.min(RFC4028_BYE_MARGIN, se / 3.0);
        if (slice > margin) {
            return Optional.empty();
        }
        return Optional.of(SipKey.SESSION_UPDATE_SEGMENT + "=" + segment + " with " + SipKey.SESSION_EXPIRES + "="
                + se + " refreshes at " + settings.refreshAfter().toSeconds() + " s but a peer that is not the"
                + " refresher may send BYE at " + (se - (long) Math.ceil(margin)) + " s (RFC 4028: SE - min(32, SE/3));"
                + " raise Session-Expires above " + RFC4028_BYE_MARGIN * segment + " s or lower the segment");
    }

    @SuppressWarnings("unchecked")
    private static SipSettings build(Map<SipKey, Object> v) {
        return new SipSettings(
                (List<Duration>) v.get(SipKey.RESEND_INTERVAL),
                (Integer) v.get(SipKey.SEND_RETRY),
                (Duration) v.get(SipKey.TIMEOUT_INVITE),
                (Duration) v.get(SipKey.TIMEOUT_TRYING),
                (Duration) v.get(SipKey.TIMEOUT_RINGING),
                (Integer) v.get(SipKey.SESSION_UPDATE_SEGMENT),
                (Duration) v.get(SipKey.SESSION_TIMEOUT_EARLY_HANGUP),
                (Duration) v.get(SipKey.NO_TIMER_REINVITE_INTERVAL),
                (Duration) v.get(SipKey.PUBLISH_EXPIRE),
                (Boolean) v.get(SipKey.ENABLE_100REL),
                (Duration) v.get(SipKey.SESSION_EXPIRES),
                (Duration) v.get(SipKey.SESSION_MIN_SE),
                (Boolean) v.get(SipKey.ENABLE_SESSION_TIMER),
                (Boolean) v.get(SipKey.ENABLE_NO_TIMER_REINVITE),
                (Boolean) v.get(SipKey.ENABLE_SETUP_TIMEOUTS),
                (Boolean) v.get(SipKey.ENABLE_PUBLISH_EXPIRE));
    }
}
