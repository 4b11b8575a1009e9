package io.sipsm.config;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One complete set of session-policy settings, immutable. Values are checked when configuration is parsed;
 * this type only refuses nulls and an empty resend list.
 *
 * @param resendIntervals {@link SipKey#RESEND_INTERVAL}: the wait before each retransmission
 * @param sendRetry {@link SipKey#SEND_RETRY}: most retransmissions
 * @param inviteTimeout {@link SipKey#TIMEOUT_INVITE}
 * @param tryingTimeout {@link SipKey#TIMEOUT_TRYING}
 * @param ringingTimeout {@link SipKey#TIMEOUT_RINGING}
 * @param sessionUpdateSegment {@link SipKey#SESSION_UPDATE_SEGMENT}
 * @param earlyHangup {@link SipKey#SESSION_TIMEOUT_EARLY_HANGUP}, zero when off
 * @param noTimerReinviteInterval {@link SipKey#NO_TIMER_REINVITE_INTERVAL}
 * @param publishExpire {@link SipKey#PUBLISH_EXPIRE}
 * @param reliableProvisionals {@link SipKey#ENABLE_100REL}
 * @param sessionExpires {@link SipKey#SESSION_EXPIRES}
 * @param minSessionExpires {@link SipKey#SESSION_MIN_SE}
 * @param sessionTimerEnabled {@link SipKey#ENABLE_SESSION_TIMER}
 * @param noTimerReinviteEnabled {@link SipKey#ENABLE_NO_TIMER_REINVITE}
 * @param setupTimeoutsEnabled {@link SipKey#ENABLE_SETUP_TIMEOUTS}
 * @param publishExpiryEnabled {@link SipKey#ENABLE_PUBLISH_EXPIRE}
 */
public record SipSettings(
        List<Duration> resendIntervals,
        int sendRetry,
        Duration inviteTimeout,
        Duration tryingTimeout,
        Duration ringingTimeout,
        int sessionUpdateSegment,
        Duration earlyHangup,
        Duration noTimerReinviteInterval,
        Duration publishExpire,
        boolean reliableProvisionals,
        Duration sessionExpires,
        Duration minSessionExpires,
        boolean sessionTimerEnabled,
        boolean noTimerReinviteEnabled,
        boolean setupTimeoutsEnabled,
        boolean publishExpiryEnabled) {

    /** The values in force when nothing is configured: VOS3000's defaults and RFC 4028's. */
    public static final SipSettings DEFAULTS = new SipSettings(
            List.of(millis(500), seconds(1), seconds(2), seconds(4), seconds(4), seconds(4), seconds(4),
                    seconds(4), seconds(4), seconds(4)),
            10, seconds(10), seconds(20), seconds(120), 4, Duration.ZERO, seconds(7200), seconds(3600), false,
            seconds(1800), seconds(90), true, true, true, true);

    /** @throws NullPointerException for a null value; IllegalArgumentException for an empty resend list */
    public SipSettings {
        resendIntervals = List.copyOf(resendIntervals);
        if (resendIntervals.isEmpty()) {
            throw new IllegalArgumentException("resendIntervals must not be empty");
        }
        Objects.requireNonNull(inviteTimeout, "inviteTimeout");
        Objects.requireNonNull(tryingTimeout, "tryingTimeout");
        Objects.requireNonNull(ringingTimeout, "ringingTimeout");
        Objects.requireNonNull(earlyHangup, "earlyHangup");
        Objects.requireNonNull(noTimerReinviteInterval, "noTimerReinviteInterval");
        Objects.requireNonNull(publishExpire, "publishExpire");
        Objects.requireNonNull(sessionExpires, "sessionExpires");
        Objects.requireNonNull(minSessionExpires, "minSessionExpires");
    }

    /** True when calls that never complete setup are torn down after {@link #earlyHangup()}. */
    public boolean earlyHangupEnabled() {
        return setupTimeoutsEnabled && !earlyHangup.isZero();
    }

    /** How many retransmissions a request gets: {@link #sendRetry()}, but never past the end of the list. */
    public int retransmissions() {
        return Math.min(sendRetry, resendIntervals.size());
    }

    /**
     * The waits before each retransmission the host sends of an unanswered request over UDP: the first
     * {@link #retransmissions()} values of the list.
     *
     * @since 2.3
     */
    public List<Duration> retransmissionWaits() {
        return resendIntervals.subList(0, retransmissions());
    }

    /** When a request has failed: the sum of the first {@link #retransmissions()} intervals. */
    public Duration retransmissionWindow() {
        return resendIntervals.subList(0, retransmissions()).stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** When we refresh a session as refresher: Session-Expires × (1 − 1/segment). */
    public Duration refreshAfter() {
        Duration slice = sessionExpires.dividedBy(sessionUpdateSegment);
        return sessionExpires.minus(slice);
    }

    /** The typed value of a key: {@code List<Duration>}, {@code Duration}, {@code Integer} or {@code Boolean}. */
    public Object value(SipKey key) {
        return switch (key) {
            case RESEND_INTERVAL -> resendIntervals;
            case SEND_RETRY -> sendRetry;
            case TIMEOUT_INVITE -> inviteTimeout;
            case TIMEOUT_TRYING -> tryingTimeout;
            case TIMEOUT_RINGING -> ringingTimeout;
            case SESSION_UPDATE_SEGMENT -> sessionUpdateSegment;
            case SESSION_TIMEOUT_EARLY_HANGUP -> earlyHangup;
            case NO_TIMER_REINVITE_INTERVAL -> noTimerReinviteInterval;
            case PUBLISH_EXPIRE -> publishExpire;
            case ENABLE_100REL -> reliableProvisionals;
            case SESSION_EXPIRES -> sessionExpires;
            case SESSION_MIN_SE -> minSessionExpires;
            case ENABLE_SESSION_TIMER -> sessionTimerEnabled;
            case ENABLE_NO_TIMER_REINVITE -> noTimerReinviteEnabled;
            case ENABLE_SETUP_TIMEOUTS -> setupTimeoutsEnabled;
            case ENABLE_PUBLISH_EXPIRE -> publishExpiryEnabled;
        };
    }

    /** A key's value as an operator would type it, durations in seconds: {@code 0.5,1,2}, {@code 10}, {@code true}. */
    public String text(SipKey key) {
        Object value = value(key);
        if (value instanceof Duration duration) {
            return seconds(duration);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(d -> seconds((Duration) d)).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    private static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString();
    }

    private static Duration seconds(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    private static Duration millis(long millis) {
        return Duration.ofMillis(millis);
    }
}
