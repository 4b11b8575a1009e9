package io.sipsm.config.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.ResendMapping;
import io.sipsm.host.TransactionTimers;

/**
 * Keeps the host in line with the global resend list: gives it the list's first {@code SS_SIP_SEND_RETRY} waits,
 * which it retransmits unanswered UDP requests after, and T1/T2 from the mapping (the stack still times its
 * response retransmissions and transaction timeouts from T1), when the global settings change and when a host
 * appears. A tenant's list reaches the host per request, from the policies that know the tenant.
 */
final class HostTimerApplier {

    private static final Logger LOG = LoggerFactory.getLogger(HostTimerApplier.class);

    private TransactionTimers host;
    private ResendMapping mapping;
    private List<Duration> waits = List.of();

    /**
     * The global settings changed.
     *
     * @param newWaits the waits before each retransmission: the list cut to the retry count
     */
    synchronized void settingsChanged(ResendMapping newMapping, List<Duration> newWaits) {
        mapping = Objects.requireNonNull(newMapping, "mapping");
        waits = List.copyOf(newWaits);
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
            if (!waits.isEmpty() && !waits.equals(host.resendList())) {
                host.resendOn(waits);
                LOG.info("host retransmits unanswered UDP requests after {}", waits);
            }
        } catch (RuntimeException e) {
            LOG.error("host refused the resend list {}: {}", waits, e.toString());
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
