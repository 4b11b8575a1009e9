package io.sipsm.config.internal;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.ResendMapping;
import io.sipsm.host.TransactionTimers;

/**
 * Keeps the host's T1/T2 in line with the global resend list: applies the mapping when the global settings
 * change and when a host appears. Tenants cannot have their own T1/T2 (the host has one set), so their lists
 * are honoured by the policies through the count and window alone.
 */
final class HostTimerApplier {

    private static final Logger LOG = LoggerFactory.getLogger(HostTimerApplier.class);

    private TransactionTimers host;
    private ResendMapping mapping;

    /** The global mapping changed. */
    synchronized void mappingChanged(ResendMapping newMapping) {
        mapping = Objects.requireNonNull(newMapping, "mapping");
        apply();
    }

    /** A host came (the reference is greedy: a better-ranked host replaces the one in use). */
    synchronized void hostAvailable(TransactionTimers newHost) {
        host = newHost;
        apply();
    }

    /** A host left; nothing to undo, it took its timers with it. */
    synchronized void hostGone(TransactionTimers oldHost) {
        if (host == oldHost) {
            host = null;
        }
    }

    private void apply() {
        if (host == null || mapping == null) {
            return;
        }
        try {
            TransactionTimers.Values current = host.current();
            TransactionTimers.Values wanted = onto(mapping, current);
            if (!wanted.equals(current)) {
                host.apply(wanted);
                LOG.info("host transaction timers now T1 {} ms, T2 {} ms for new transactions ({})", wanted.t1(),
                        wanted.t2(), mapping.exact() ? "exact" : "approximate");
            }
        } catch (RuntimeException e) {
            // A host refusing the values must not take the configuration service down with it.
            LOG.error("host refused transaction timers T1 {} ms, T2 {} ms: {}", mapping.t1Millis(),
                    mapping.t2Millis(), e.toString());
        }
    }

    /** The host's current values with T1 and T2 replaced; T4 and Timer D stay as the host has them. */
    static TransactionTimers.Values onto(ResendMapping mapping, TransactionTimers.Values current) {
        return new TransactionTimers.Values(mapping.t1Millis(), mapping.t2Millis(), current.t4(), current.timerD());
    }
}
