package io.sipsm.config;

import java.time.Instant;

/**
 * A configuration edit that was refused; the previous configuration stayed in force.
 *
 * @param pid the configuration's PID
 * @param key the offending property
 * @param value the offending value as received
 * @param reason why it was refused
 * @param at when it was refused
 */
public record ConfigurationRejection(String pid, String key, String value, String reason, Instant at) {

    /** One line: {@code <pid>: <key>=<value> rejected: <reason>}. */
    @Override
    public String toString() {
        return pid + ": " + key + "=" + value + " rejected: " + reason;
    }
}
