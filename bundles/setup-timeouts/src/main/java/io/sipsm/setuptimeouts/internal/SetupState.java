package io.sipsm.setuptimeouts.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyState;
import io.sipsm.setuptimeouts.internal.GatewayAttempt.Phase;

/**
 * What the policy keeps with the host ({@link PolicyState}) for each pending gateway attempt, so that the next
 * revision of the bundle follows the call on: the caller's Call-ID, the attempt's phase, when its timeout is due
 * and why, and what the call's later timeouts and early hangup need. Instants are {@link System#nanoTime()}
 * values (valid while the host keeps the record, the JVM's life at most). A record goes when its attempt ends.
 *
 * <p>Not carried over: a call whose caller's INVITE has no gateway attempt yet (the few milliseconds before the
 * application routes it), a call between two attempts (its idle guard), and a call being torn down.
 */
final class SetupState {

    private static final Logger LOG = LoggerFactory.getLogger(SetupState.class);

    static final String VERSION = "1";
    static final long NONE = Long.MIN_VALUE;

    /** One pending attempt as kept. */
    record Attempt(String call, Phase phase, long due, EndReason reason, long start, Duration earlyHangup,
            Duration trying, Duration ringing, int t1Millis) {

        Map<String, String> encode() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("v", VERSION);
            m.put("call", call);
            m.put("phase", phase.name());
            m.put("due", Long.toString(due));
            m.put("reason", reason.name());
            m.put("start", Long.toString(start));
            m.put("early-hangup.ms", Long.toString(earlyHangup.toMillis()));
            m.put("trying.ms", Long.toString(trying.toMillis()));
            m.put("ringing.ms", Long.toString(ringing.toMillis()));
            m.put("t1.ms", Integer.toString(t1Millis));
            return m;
        }

        /** @throws IllegalArgumentException for another format or a missing or malformed field */
        static Attempt decode(Map<String, String> m) {
            if (!VERSION.equals(m.get("v"))) {
                throw new IllegalArgumentException("record format " + m.get("v") + " is not " + VERSION);
            }
            try {
                return new Attempt(required(m, "call"), Phase.valueOf(required(m, "phase")),
                        Long.parseLong(required(m, "due")), EndReason.valueOf(required(m, "reason")),
                        Long.parseLong(required(m, "start")), millis(m, "early-hangup.ms"), millis(m, "trying.ms"),
                        millis(m, "ringing.ms"), Integer.parseInt(required(m, "t1.ms")));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("malformed record: " + e.getMessage(), e);
            }
        }

        private static Duration millis(Map<String, String> m, String key) {
            return Duration.ofMillis(Long.parseLong(required(m, key)));
        }

        private static String required(Map<String, String> m, String key) {
            String value = m.get(key);
            if (value == null) {
                throw new IllegalArgumentException("record has no " + key);
            }
            return value;
        }
    }

    private final PolicyState state;
    private final LongSupplier nanoTime;
    /** Set as this revision stops: its teardown must not erase what the next revision takes up. */
    private volatile boolean frozen;

    SetupState(PolicyState state, LongSupplier nanoTime) {
        this.state = state;
        this.nanoTime = nanoTime;
    }

    long now() {
        return nanoTime.getAsLong();
    }

    /** Records the attempt's timeout, armed now for {@code after}. */
    void saveAttempt(CallRecord call, GatewayAttempt attempt, SetupDeadlines.Deadline deadline) {
        if (frozen) {
            return;
        }
        var settings = call.settings();
        state.put(attempt.leg(), new Attempt(call.callId(), attempt.phase(), now() + deadline.after().toNanos(),
                deadline.reason(), call.startNanos(), settings.earlyHangupEnabled() ? settings.earlyHangup()
                        : Duration.ZERO, settings.tryingTimeout(), settings.ringingTimeout(),
                call.deadlines().hostT1Millis()).encode());
    }

    void forget(CallLeg leg) {
        if (!frozen) {
            state.remove(leg);
        }
    }

    void freeze() {
        frozen = true;
    }

    /** The attempts kept for legs still being set up, each readable by this revision. */
    Map<CallLeg, Attempt> attempts() {
        Map<CallLeg, Attempt> pending = new LinkedHashMap<>();
        state.legs().forEach((leg, m) -> read(leg, m).filter(a -> leg.state() == CallLeg.State.EARLY)
                .ifPresent(a -> pending.put(leg, a)));
        return pending;
    }

    private Optional<Attempt> read(CallLeg leg, Map<String, String> m) {
        try {
            return Optional.of(Attempt.decode(m));
        } catch (IllegalArgumentException e) {
            LOG.warn("Setup timeout of gateway leg {} cannot be taken up ({}); the leg goes on without it",
                    leg.callId(), e.getMessage());
            return Optional.empty();
        }
    }
}
