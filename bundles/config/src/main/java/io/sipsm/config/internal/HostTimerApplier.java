package io.sipsm.config.internal;

import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.ResendMapping;
import io.sipsm.config.SipSettings;
import io.sipsm.host.ResendSchedule;
import io.sipsm.host.TransactionTimers;

/**
 * Keeps the host in line with the global resend list: the list itself for the requests the host sends over UDP,
 * and T1/T2 (its nearest mapping) for what the stack still times on them (the retransmission of responses,
 * Timers D, H, I, J, K). Applied when the global settings change and when a host appears. A tenant's list reaches
 * the host per request, through the policies that know the call's tenant.
 */
final class HostTimerApplier {

    private static final Logger LOG = LoggerFactory.getLogger(HostTimerApplier.class);

    private TransactionTimers host;
    private ResendMapping mapping;
    private ResendSchedule schedule;

    /** The global settings changed. */
    synchronized void globalChanged(EffectiveSettings global) {
        mapping = Objects.requireNonNull(global.resend(), "mapping");
        schedule = scheduleOf(global.settings());
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

    /** The schedule a request gets from these settings: the list cut at SS_SIP_SEND_RETRY. */
    static ResendSchedule scheduleOf(SipSettings settings) {
        return ResendSchedule.of(settings.resendIntervals(), settings.retransmissions());
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
                LOG.info("host transaction timers now T1 {} ms, T2 {} ms for new transactions", wanted.t1(),
                        wanted.t2());
            }
            if (!schedule.equals(host.resendSchedule())) {
                host.applyResendSchedule(schedule);
            }
        } catch (RuntimeException e) {
            // A host refusing the values must not take the configuration service down with it.
            LOG.error("host refused transaction timers T1 {} ms, T2 {} ms or resend schedule {}: {}",
                    mapping.t1Millis(), mapping.t2Millis(), schedule, e.toString());
        }
    }

    /** The host's current values with T1 and T2 replaced; T4 and Timer D stay as the host has them. */
    static TransactionTimers.Values onto(ResendMapping mapping, TransactionTimers.Values current) {
        return new TransactionTimers.Values(mapping.t1Millis(), mapping.t2Millis(), current.t4(), current.timerD());
    }
}
