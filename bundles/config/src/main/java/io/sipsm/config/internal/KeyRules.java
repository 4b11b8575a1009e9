package io.sipsm.config.internal;

import static io.sipsm.config.internal.ValueParsers.flag;
import static io.sipsm.config.internal.ValueParsers.seconds;
import static io.sipsm.config.internal.ValueParsers.secondsList;
import static io.sipsm.config.internal.ValueParsers.wholeNumber;

import io.sipsm.config.SipKey;

/**
 * The type and range of every key. Ranges keep values within what the policies and the stack can honour:
 * RFC 4028 forbids a Min-SE below 90 s, and a retransmission interval over 60 s would make the transaction
 * timers (64·T1) outlast any sensible call setup.
 */
final class KeyRules {

    /** The longest retransmission interval accepted, in seconds. */
    static final int MAX_RESEND_SECONDS = 60;

    /** The most values in the resend list (VOS3000 takes up to 10). */
    static final int MAX_RESENDS = 10;

    /** RFC 4028 section 4: Min-SE must not be below 90 seconds. */
    static final int RFC4028_MIN_SE = 90;

    private static final int DAY = 86_400;

    private KeyRules() {
    }

    /** The typed value of {@code raw} for {@code key}: what {@link io.sipsm.config.SipSettings#value} returns. */
    static Object parse(SipKey key, Object raw) throws InvalidSettingException {
        String name = key.propertyName();
        return switch (key) {
            case RESEND_INTERVAL -> secondsList(name, raw, 1, MAX_RESENDS, MAX_RESEND_SECONDS);
            case SEND_RETRY -> wholeNumber(name, raw, 1, MAX_RESENDS);
            case TIMEOUT_INVITE -> seconds(name, raw, 1, 300);
            case TIMEOUT_TRYING -> seconds(name, raw, 1, 600);
            case TIMEOUT_RINGING -> seconds(name, raw, 1, 3600);
            case SESSION_UPDATE_SEGMENT -> wholeNumber(name, raw, 2, 10);
            case SESSION_TIMEOUT_EARLY_HANGUP -> seconds(name, raw, 0, 3600);
            case NO_TIMER_REINVITE_INTERVAL, PUBLISH_EXPIRE -> seconds(name, raw, 60, DAY);
            case SESSION_EXPIRES, SESSION_MIN_SE -> seconds(name, raw, RFC4028_MIN_SE, DAY);
            case ENABLE_100REL, ENABLE_SESSION_TIMER, ENABLE_NO_TIMER_REINVITE, ENABLE_SETUP_TIMEOUTS,
                    ENABLE_PUBLISH_EXPIRE -> flag(name, raw);
        };
    }
}
