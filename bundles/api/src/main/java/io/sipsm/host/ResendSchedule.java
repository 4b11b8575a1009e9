package io.sipsm.host;

import java.time.Duration;
import java.util.List;

/**
 * When the host sends an unanswered request again over UDP, and when it gives the request up: the operator's
 * resend list (VOS3000's {@code SS_SIP_RESEND_INTERVAL} cut at {@code SS_SIP_SEND_RETRY}) instead of RFC 3261's
 * T1 doubling. Retransmission {@code k} leaves {@code waits[0] + ... + waits[k-1]} after the first send, so each
 * wait counts from the copy before it; the request has failed, and its transaction times out, once
 * {@link #answerWait()} has passed after the last copy without a response.
 *
 * @param waits the wait before each retransmission, at least one, each positive
 * @param answerWait how long the last copy is given to be answered
 * @since 1.6
 */
public record ResendSchedule(List<Duration> waits, Duration answerWait) {

    /** @throws IllegalArgumentException for an empty list or a wait that is not positive */
    public ResendSchedule {
        waits = List.copyOf(waits);
        if (waits.isEmpty()) {
            throw new IllegalArgumentException("a resend schedule needs at least one wait");
        }
        for (Duration wait : waits) {
            requirePositive(wait);
        }
        requirePositive(answerWait);
    }

    /**
     * The schedule of a resend list with at most {@code count} retransmissions: the first {@code count} values;
     * the last copy is given the value the list has after them, or its last value when it has none, as long as
     * the next retransmission would have waited.
     *
     * @throws IllegalArgumentException for a count below 1 or an empty list
     */
    public static ResendSchedule of(List<Duration> list, int count) {
        if (count < 1 || list.isEmpty()) {
            throw new IllegalArgumentException("need a list and at least one retransmission, was " + list + ", "
                    + count);
        }
        int used = Math.min(count, list.size());
        Duration answerWait = used < list.size() ? list.get(used) : list.get(list.size() - 1);
        return new ResendSchedule(list.subList(0, used), answerWait);
    }

    /** The number of retransmissions. */
    public int retransmissions() {
        return waits.size();
    }

    /** When retransmission {@code k} (1 to {@link #retransmissions()}) is due, counted from the first send. */
    public Duration due(int k) {
        if (k < 1 || k > waits.size()) {
            throw new IllegalArgumentException("retransmission " + k + " of " + waits.size());
        }
        return waits.subList(0, k).stream().reduce(Duration.ZERO, Duration::plus);
    }

    /** When the request has failed, counted from the first send: the last copy plus {@link #answerWait()}. */
    public Duration timeout() {
        return due(waits.size()).plus(answerWait);
    }

    /** This schedule with every wait multiplied by {@code factor} (at least 1 ms each). */
    public ResendSchedule scaled(double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("factor must be positive, was " + factor);
        }
        return new ResendSchedule(waits.stream().map(w -> scale(w, factor)).toList(), scale(answerWait, factor));
    }

    private static Duration scale(Duration wait, double factor) {
        return Duration.ofMillis(Math.max(1, Math.round(wait.toMillis() * factor)));
    }

    private static void requirePositive(Duration wait) {
        if (wait == null || wait.isNegative() || wait.isZero()) {
            throw new IllegalArgumentException("a resend wait must be positive, was " + wait);
        }
    }
}
