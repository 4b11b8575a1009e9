package io.sipsm.shell.internal;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations as the commands print them: seconds the way operators type them, timers in milliseconds. */
final class Units {

    private Units() {
    }

    /** {@code 30.5 s}: the unit the SS_SIP_* keys use, without trailing zeros. */
    static String seconds(Duration duration) {
        return BigDecimal.valueOf(duration.toMillis(), 3).stripTrailingZeros().toPlainString() + " s";
    }

    /** {@code 500 ms}: the unit of the host's transaction timers. */
    static String millis(int millis) {
        return millis + " ms";
    }
}
