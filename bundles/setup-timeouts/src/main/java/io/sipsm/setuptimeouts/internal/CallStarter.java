package io.sipsm.setuptimeouts.internal;

import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.EffectiveSettings;
import io.sipsm.config.NewCall;
import io.sipsm.config.SettingsResolver;
import io.sipsm.config.SipSettings;

/**
 * Starts following a call at the first message that shows one of its legs: resolves its settings, once, now
 * that the application is known, and arms early hangup counted from the INVITE's arrival.
 */
final class CallStarter {

    private static final Logger LOG = LoggerFactory.getLogger(CallStarter.class);

    private final SettingsResolver resolver;
    private final CallTable table;
    private final CallTimers timers;
    private final EndCounters counters;
    private final LongSupplier nanoTime;

    CallStarter(SettingsResolver resolver, CallTable table, CallTimers timers, EndCounters counters,
            LongSupplier nanoTime) {
        this.resolver = resolver;
        this.table = table;
        this.timers = timers;
        this.counters = counters;
        this.nanoTime = nanoTime;
    }

    /**
     * The record of a call starting now, or the one another SIP thread started a moment before; null when
     * the call's tenant switched setup timeouts off or the table is full.
     *
     * @param callId the caller's Call-ID (or the application's own INVITE's when it placed the call itself)
     * @param application the SIP application handling the call
     */
    CallRecord follow(String callId, String application) {
        CallTable.Arrival arrival = table.claimArrival(callId);
        NewCall newCall = arrival == null ? new NewCall(null, null, application)
                : new NewCall(arrival.requestDomain(), arrival.sourceAddress(), application);
        EffectiveSettings effective = resolver.resolve(newCall);
        SipSettings settings = effective.settings();
        String tenant = effective.tenant().orElse("-");
        if (!settings.setupTimeoutsEnabled()) {
            LOG.debug("Call {}: setup timeouts off for tenant {}", callId, tenant);
            return null;
        }
        // Only the global resend list sets the host's T1 (the INVITE's copies follow the call's own list).
        int hostT1 = resolver.global().resend().t1Millis();
        CallRecord call = new CallRecord(callId, settings, new SetupDeadlines(settings, hostT1),
                arrival == null ? nanoTime.getAsLong() : arrival.nanos());
        if (!table.add(call)) {
            CallRecord other = table.find(callId);
            if (other == null) {
                counters.count(EndReason.NOT_TRACKED);
            }
            return other;
        }
        synchronized (call) {
            if (settings.earlyHangupEnabled()) {
                timers.armEarlyHangup(call);
            }
        }
        LOG.debug("Call {}: followed, tenant {}, early hangup {} s", callId, tenant,
                settings.earlyHangupEnabled() ? settings.earlyHangup().toSeconds() : 0);
        return call;
    }
}
