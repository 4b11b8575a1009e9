package io.sipsm.config.internal;

import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.SipKey;

/** Renders effective settings on one line, each key with its value and origin, for the log and the shell. */
final class SettingsFormatter {

    private SettingsFormatter() {
    }

    /** {@code SS_SIP_RESEND_INTERVAL=0.5,1,2 (global), SS_SIP_SEND_RETRY=10 (default), ...; resend: exact: ...}. */
    static String describe(EffectiveSettings effective) {
        String keys = Stream.of(SipKey.values())
                .map(key -> key + "=" + effective.settings().text(key) + " (" + effective.source(key) + ")")
                .collect(Collectors.joining(", "));
        return keys + "; resend mapping " + effective.resend().explanation();
    }
}
