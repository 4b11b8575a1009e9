package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;

/**
 * Every leg the policy watches, by Call-ID (each leg of a B2BUA call has its own): INVITEs waiting for their
 * 2xx, and confirmed legs with their {@link LegTimer}. Entries leave when the leg ends (BYE, a final error, our
 * own teardown) or, at the latest, when the container discards the leg's session (a caller that never ACKed,
 * an application that let the session expire); an INVITE whose answer the policy never sees (the container
 * answers some requests itself) is dropped after its setup window, so nothing stays behind.
 */
final class CallRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(CallRegistry.class);

    /** Slack over the configured setup timeouts before an unanswered INVITE is forgotten. */
    static final Duration SETUP_SLACK = Duration.ofSeconds(60);

    private final Map<String, PendingInvite> pending = new ConcurrentHashMap<>();
    private final Map<String, LegTimer> legs = new ConcurrentHashMap<>();
    private final PolicyScheduler scheduler;
    private final LegStates states;
    private final Statistics statistics;
    private final RandomGenerator random;

    CallRegistry(PolicyScheduler scheduler, LegStates states, Statistics statistics, RandomGenerator random) {
        this.scheduler = scheduler;
        this.states = states;
        this.statistics = statistics;
        this.random = random;
    }

    /** Remembers an INVITE until its answer, at most for its setup window. */
    void awaitAnswer(String callId, PendingInvite invite) {
        PendingInvite previous = pending.put(callId, invite);
        if (previous != null) {
            previous.settled();
        }
        SipSettings s = invite.settings();
        Duration window = s.inviteTimeout().plus(s.tryingTimeout()).plus(s.ringingTimeout()).plus(SETUP_SLACK);
        invite.staleCheck(scheduler.schedule(window, () -> {
            if (pending.remove(callId, invite)) {
                LOG.debug("INVITE {} got no answer the policy saw within {}; forgotten", callId, window);
            }
        }));
    }

    PendingInvite pending(String callId) {
        return pending.get(callId);
    }

    /** Removes the INVITE's entry once it is answered. */
    PendingInvite settle(String callId) {
        PendingInvite invite = pending.remove(callId);
        if (invite != null) {
            invite.settled();
        }
        return invite;
    }

    /**
     * Starts watching a confirmed leg.
     *
     * @param terms the session timer's terms, or null for a keep-alive leg
     * @param hostSentInvite true when the host sent the INVITE that set the leg up
     * @param inviteCSeq that INVITE's CSeq number, so its retransmitted 2xx is not taken for a refresh
     */
    void watch(CallLeg leg, SipSettings settings, SessionTerms terms, LegMedia media, boolean hostSentInvite,
            long inviteCSeq) {
        LegTimer timer = new LegTimer(leg, settings, terms, media, scheduler, states, statistics, random,
                done -> legs.remove(done.callId(), done), this::forget);
        timer.isNewTransaction(hostSentInvite, inviteCSeq);
        LegTimer previous = legs.put(leg.callId(), timer);
        if (previous != null) {
            previous.dispose();
        }
        timer.start();
    }

    /**
     * Starts watching a leg whose INVITE got its 2xx: a session timer when one was negotiated, else the
     * keep-alive when the leg's settings switch it on.
     */
    void watch(CallLeg leg, PendingInvite invite, Negotiated decision, long inviteCSeq) {
        SipSettings settings = invite.settings();
        if (decision instanceof Negotiated.Timer timer) {
            LOG.debug("Leg {}: session timer {}", leg.callId(), timer.terms());
            watch(leg, settings, timer.terms(), invite.media(), invite.hostSentInvite(), inviteCSeq);
        } else if (settings.noTimerReinviteEnabled()) {
            LOG.debug("Leg {}: keep-alive every {} ({})", leg.callId(), settings.noTimerReinviteInterval(), decision);
            watch(leg, settings, null, invite.media(), invite.hostSentInvite(), inviteCSeq);
        }
    }

    LegTimer leg(String callId) {
        return legs.get(callId);
    }

    /** Forgets whatever the policy holds for the Call-ID and cancels its timers. */
    void forget(String callId) {
        settle(callId);
        LegTimer timer = legs.get(callId);
        if (timer != null) {
            timer.dispose();
        }
    }

    /** Forgets a leg whose session the container discarded, unless its Call-ID now names another leg. */
    void ended(CallLeg leg) {
        settle(leg.callId());
        LegTimer timer = legs.get(leg.callId());
        if (timer != null && timer.leg().id().equals(leg.id())) {
            LOG.debug("Leg {} ended without a BYE the policy saw; forgotten", leg.callId());
            timer.dispose();
        }
    }

    int pendingCount() {
        return pending.size();
    }

    List<SessionTimerStatus.LegView> views() {
        return legs.values().stream().map(CallRegistry::view)
                .sorted(Comparator.comparing(SessionTimerStatus.LegView::callId)).toList();
    }

    /**
     * Takes up the legs a previous revision of this bundle watched, from the records the host kept: each leg's
     * timers armed for the time left.
     *
     * @return how many legs were taken up
     */
    int takeUp() {
        int taken = 0;
        for (Map.Entry<CallLeg, LegRecord> kept : states.all().entrySet()) {
            CallLeg leg = kept.getKey();
            LegTimer timer = LegTimer.restore(leg, kept.getValue(), scheduler, states, statistics, random,
                    done -> legs.remove(done.callId(), done), this::forget);
            LegTimer previous = legs.put(leg.callId(), timer);
            if (previous != null) {
                previous.suspend();
            }
            taken++;
        }
        return taken;
    }

    /**
     * Stops watching, for the component's deactivation: timers cancelled, each leg's record left with the host
     * for the next revision (released by the host when the leg ends, or when this bundle is uninstalled). An
     * INVITE still waiting for its answer is not carried over: that call goes without a session timer.
     */
    void suspend() {
        pending.values().forEach(PendingInvite::settled);
        pending.clear();
        List.copyOf(legs.values()).forEach(LegTimer::suspend);
        legs.clear();
    }

    private static SessionTimerStatus.LegView view(LegTimer timer) {
        SessionTerms terms = timer.terms();
        return terms == null
                ? new SessionTimerStatus.LegView(timer.callId(), "keep-alive", null, true, false)
                : new SessionTimerStatus.LegView(timer.callId(), "session timer", terms.interval(),
                        terms.localRefresher(), timer.refreshesByUpdate());
    }
}
