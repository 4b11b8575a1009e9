package io.sipsm.config.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipSettings;

/**
 * Maps a resend list and retry count onto the host's T1 and T2.
 *
 * <p>The host retransmits requests over UDP (INVITE included) on the list itself; T1 and T2 still time what the
 * stack retransmits (responses: a 2xx to an INVITE, a reliable provisional) and its transaction timeouts (64·T1).
 * The stack retransmits after T1, then doubles the wait up to T2, and counts in whole
 * multiples of T1. So only the first {@code n} values matter ({@code n} = the retransmission count), and they
 * map exactly when value 1 is T1, each next value is min(2 × previous, largest) and the largest is a multiple
 * of T1. Otherwise T1 = the first value (the first retransmission stays on time) and T2 = the largest value
 * rounded to a multiple of T1 (the steady-state rate toward a dead peer stays as configured).
 */
final class ResendMapper {

    private static final String REQUEST_NOTE = "requests over UDP, INVITE included, are retransmitted on the list"
            + " itself (not RFC 3261 Timers A and E); T1 and T2 time response retransmissions and timeouts (64·T1)";

    private ResendMapper() {
    }

    static ResendMapping map(SipSettings settings) {
        int count = settings.retransmissions();
        List<Long> used = settings.resendIntervals().subList(0, count).stream().map(Duration::toMillis).toList();
        long t1 = used.get(0);
        long largest = used.stream().mapToLong(Long::longValue).max().orElseThrow();
        long t2 = Math.max(t1, Math.round((double) largest / t1) * t1);
        String mismatch = firstMismatch(used, t1, largest);
        String retries = "at most " + count + " retransmissions, the last at "
                + seconds(settings.retransmissionWindow().toMillis()) + " s";
        if (mismatch == null) {
            String text = "exact: T1 " + t1 + " ms, T2 " + t2 + " ms; " + REQUEST_NOTE + "; " + retries;
            return new ResendMapping((int) t1, (int) t2, true, text, count, settings.retransmissionWindow());
        }
        String text = "approximate for responses: " + mismatch + "; the stack retransmits responses after "
                + hostSchedule(t1, t2, count) + " s instead (T1 " + t1 + " ms, T2 " + t2 + " ms); " + REQUEST_NOTE
                + "; " + retries;
        return new ResendMapping((int) t1, (int) t2, false, text, count, settings.retransmissionWindow());
    }

    /** Why the list is not T1 doubling capped at a multiple of T1, or null when it is. */
    private static String firstMismatch(List<Long> used, long t1, long largest) {
        for (int i = 1; i < used.size(); i++) {
            long expected = Math.min(2 * used.get(i - 1), largest);
            if (used.get(i) != expected) {
                return "value " + (i + 1) + " is " + seconds(used.get(i)) + " s where doubling gives "
                        + seconds(expected) + " s";
            }
        }
        if (largest % t1 != 0) {
            return "the stack counts in multiples of T1 (" + seconds(t1) + " s) and cannot wait "
                    + seconds(largest) + " s";
        }
        return null;
    }

    /** The waits the stack will use for a non-INVITE request with these timers. */
    static String hostSchedule(long t1, long t2, int count) {
        List<Long> waits = new ArrayList<>(count);
        long wait = t1;
        for (int i = 0; i < count; i++) {
            waits.add(wait);
            wait = Math.min(2 * wait, t2);
        }
        return waits.stream().map(ResendMapper::seconds).collect(Collectors.joining(","));
    }

    private static String seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).stripTrailingZeros().toPlainString();
    }
}
