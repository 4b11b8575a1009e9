package io.sipsm.config.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipSettings;
import io.sipsm.host.ResendSchedule;

/**
 * Maps a resend list and retry count onto the host's T1 and T2.
 *
 * <p>The requests the host sends over UDP follow the list itself (see {@link HostTimerApplier}). T1 and T2 still
 * time what the stack retransmits on its own, the final responses to INVITEs (T1 doubling up to T2), and its
 * other timers (D, H, I, J, K). Only the first {@code n} values matter ({@code n} = the retransmission count), and
 * they map exactly when value 1 is T1, each next value is min(2 × previous, largest) and the largest is a
 * multiple of T1. Otherwise T1 = the first value and T2 = the largest value rounded to a multiple of T1.
 */
final class ResendMapper {

    private ResendMapper() {
    }

    static ResendMapping map(SipSettings settings) {
        int count = settings.retransmissions();
        List<Long> used = settings.resendIntervals().subList(0, count).stream().map(Duration::toMillis).toList();
        long t1 = used.get(0);
        long largest = used.stream().mapToLong(Long::longValue).max().orElseThrow();
        long t2 = Math.max(t1, Math.round((double) largest / t1) * t1);
        String mismatch = firstMismatch(used, t1, largest);
        ResendSchedule schedule = HostTimerApplier.scheduleOf(settings);
        String requests = "requests over UDP are retransmitted on the list itself, " + count
                + " times within " + seconds(settings.retransmissionWindow().toMillis()) + " s, and given up "
                + seconds(schedule.timeout().toMillis()) + " s after their first send";
        if (mismatch == null) {
            String text = "exact: " + requests + "; responses and the stack's other timers follow T1 " + t1
                    + " ms, T2 " + t2 + " ms";
            return new ResendMapping((int) t1, (int) t2, true, text, count, settings.retransmissionWindow());
        }
        String text = "approximate: " + requests + "; responses the host retransmits follow T1 " + t1 + " ms, T2 "
                + t2 + " ms, since " + mismatch + ": they are retransmitted after " + hostSchedule(t1, t2, count)
                + " s instead";
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

    /** The waits the stack uses for a response it retransmits (T1 doubling, capped at T2) with these timers. */
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
