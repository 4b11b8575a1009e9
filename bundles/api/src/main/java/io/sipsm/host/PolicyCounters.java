package io.sipsm.host;

import java.util.Map;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * What a policy has counted, readable by commands that look across policies ({@code sipsm:diagnose}) without
 * knowing any policy's classes. Each policy bundle registers one such service.
 *
 * <p>Counter names are lower case, dot separated and stable (a command matches them by name); counts are
 * since the policy's component started, and a name ending in {@code .now} is a level (calls followed now),
 * not a count. Every name the policy knows is present, at zero if nothing happened.
 *
 * @since 1.6
 */
@ConsumerType
public interface PolicyCounters {

    /** The policy's short name, e.g. {@code session-timer}, {@code setup-timeouts}, {@code prack}. */
    String policy();

    /** A snapshot of every counter, by name. */
    Map<String, Long> counters();
}
