package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.EndReason;
import io.sipsm.config.SipSettings;
import io.sipsm.host.CallLeg;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.SipMessage;

/**
 * The session timer, or the keep-alive, of one confirmed leg. With a session timer the host refreshes at the
 * {@link RefreshTiming#refreshAfter refresh point} when it is the refresher, and ends the leg and its peer when
 * no refresh succeeded by the {@link RefreshTiming#expiry expiry point}, whoever refreshes. Without one (peer
 * without timers) it sends a keep-alive re-INVITE every SS_SIP_NO_TIMER_REINVITE_INTERVAL.
 *
 * <p>Methods are synchronized: SIP threads (messages, refresh responses) and the scheduler's thread meet here,
 * and each call is short.
 *
 * <p>Whenever its timers are armed the leg's {@link LegRecord} goes to the host ({@link LegStates}), due
 * instants included, so that the next revision of this bundle {@link #restore restores} the leg and arms the
 * time that is left. A revision that stops {@link #suspend suspends} its legs: timers cancelled, record kept.
 * A refresh it sent may be answered after that; its callback then only writes the renewed due times to the
 * record, and the new revision's timer, reading the record before it acts, adopts them.
 */
final class LegTimer {

    private static final Logger LOG = LoggerFactory.getLogger(LegTimer.class);

    /** The Reason cause on a BYE for a session nobody kept alive. */
    static final int EXPIRY_CAUSE = 408;

    private final CallLeg leg;
    private final SipSettings settings;
    private final PolicyScheduler scheduler;
    private final Statistics statistics;
    private final RandomGenerator random;
    private final Consumer<LegTimer> onEnd;
    private final Consumer<String> forgetCall;
    private final LegMedia media;
    private final LegStates states;

    private SessionTerms terms;
    private PolicyScheduler.Scheduled refreshTask;
    private PolicyScheduler.Scheduled expiryTask;
    private boolean useUpdate;
    private boolean refreshing;
    private boolean disposed;
    /** Stopped with the bundle's revision: the record stays for the next one. */
    private boolean suspended;
    /** Taken up from a previous revision's record, which does not keep the tenant's resend list. */
    private volatile boolean restored;
    /** Due instants of the armed timers and of an unanswered refresh, as in the record; LegRecord.NONE when not. */
    private long refreshDue = LegRecord.NONE;
    private long expiryDue = LegRecord.NONE;
    private long refreshSent = LegRecord.NONE;
    private long localCSeq = -1;
    private long remoteCSeq = -1;
    /** The peer's refresh request not yet answered 2xx: its CSeq and Session-Expires (RFC 4028 section 10). */
    private long peerRefreshCSeq = -1;
    private String peerRefreshSessionExpires;

    /**
     * @param terms the agreed terms, or null for a keep-alive leg
     * @param onEnd told once when the leg is done with, so its owner forgets it
     * @param forgetCall told the Call-ID of the peer leg this timer ends, whose state must go too
     */
    LegTimer(CallLeg leg, SipSettings settings, SessionTerms terms, LegMedia media, PolicyScheduler scheduler,
            LegStates states, Statistics statistics, RandomGenerator random, Consumer<LegTimer> onEnd,
            Consumer<String> forgetCall) {
        this.leg = leg;
        this.states = states;
        this.settings = settings;
        this.terms = terms;
        this.media = media;
        this.scheduler = scheduler;
        this.statistics = statistics;
        this.random = random;
        this.onEnd = onEnd;
        this.forgetCall = forgetCall;
        this.useUpdate = media.peerAllowsUpdate();
    }

    String callId() {
        return leg.callId();
    }

    CallLeg leg() {
        return leg;
    }

    SipSettings settings() {
        return settings;
    }

    /**
     * The waits the host retransmits this leg's requests after over UDP: the call's (tenant's) list, cut to its
     * retry count; empty for a leg taken up from a record, whose requests follow the host's global list.
     */
    List<Duration> resendList() {
        return restored ? List.of() : settings.retransmissionWaits();
    }

    LegMedia media() {
        return media;
    }

    /** The terms in force, null for a keep-alive leg. */
    synchronized SessionTerms terms() {
        return terms;
    }

    synchronized boolean refreshesByUpdate() {
        return useUpdate;
    }

    /**
     * True the first time a transaction of this CSeq number is seen in that direction. A 2xx to an INVITE is
     * retransmitted until the ACK gets through, and only the first one may count as a refresh; the 2xx of the
     * INVITE that set the leg up never counts.
     *
     * @param hostSent true for a transaction the host started (a response the peer sent to it)
     * @param cseq the CSeq number, or -1 when unknown (counted as new)
     */
    synchronized boolean isNewTransaction(boolean hostSent, long cseq) {
        if (cseq < 0) {
            return true;
        }
        if (hostSent ? cseq <= localCSeq : cseq <= remoteCSeq) {
            return false;
        }
        if (hostSent) {
            localCSeq = cseq;
        } else {
            remoteCSeq = cseq;
        }
        return true;
    }

    /**
     * The peer asked for a refresh (a re-INVITE or UPDATE with this CSeq). Nothing changes yet: only its 2xx
     * refreshes the session (RFC 4028 section 10), and a request answered 491 in a glare must leave the host's
     * own refresh, and its retry, where they are.
     */
    synchronized void peerRequestedRefresh(long cseq, String sessionExpires) {
        peerRefreshCSeq = cseq;
        peerRefreshSessionExpires = sessionExpires;
    }

    /**
     * The host answered the peer's request of this CSeq: a 2xx refreshes the session with the terms the request
     * proposed, any other final answer drops them.
     *
     * @return true when this answer refreshed the session
     */
    synchronized boolean answeredPeerRequest(long cseq, boolean success) {
        if (cseq < 0 || cseq != peerRefreshCSeq) {
            return false;
        }
        String proposed = peerRefreshSessionExpires;
        peerRefreshCSeq = -1;
        peerRefreshSessionExpires = null;
        if (!success) {
            return false;
        }
        refreshed(terms == null ? null : Negotiation.afterRefresh(terms, proposed, false));
        return true;
    }

    /** Arms the timers for a session that has just been established or refreshed. */
    synchronized void start() {
        cancelTimers();
        if (disposed) {
            return;
        }
        renewDueTimes(states.now());
        arm();
        save();
    }

    /** Sets the due instants of a session (re)started at {@code now}. */
    private void renewDueTimes(long now) {
        refreshSent = LegRecord.NONE;
        if (terms == null) {
            refreshDue = now + settings.noTimerReinviteInterval().toNanos();
            expiryDue = LegRecord.NONE;
            return;
        }
        expiryDue = now + RefreshTiming.expiry(terms.interval()).toNanos();
        refreshDue = terms.localRefresher()
                ? now + RefreshTiming.refreshAfter(terms.interval(), settings.sessionUpdateSegment()).toNanos()
                : LegRecord.NONE;
    }

    /**
     * Arms the timers for the due instants, with the time left. A refresh sent by a revision that is gone and
     * not answered since is given until its transaction's end (64·T1 at the default T1), at most half the time
     * left to expiry, for its answer to reach the record; then this revision refreshes itself.
     */
    private void arm() {
        long now = states.now();
        if (expiryDue != LegRecord.NONE) {
            expiryTask = scheduler.schedule(LegRecord.left(expiryDue, now), this::expired);
        }
        long next = refreshDue;
        if (refreshSent != LegRecord.NONE) {
            long answerBy = refreshSent + IN_FLIGHT_WAIT.toNanos();
            long half = expiryDue == LegRecord.NONE ? answerBy : now + (expiryDue - now) / 2;
            next = Math.min(answerBy, half);
        }
        if (next != LegRecord.NONE) {
            refreshTask = scheduler.schedule(LegRecord.left(next, now), this::refreshDue);
        }
    }

    /** How long a refresh sent by another revision may take to be answered: Timer B/F at the default T1. */
    static final Duration IN_FLIGHT_WAIT = Duration.ofSeconds(32);

    /** This leg as the record the host keeps. */
    synchronized LegRecord record() {
        return new LegRecord(terms, settings.sessionUpdateSegment(), settings.minSessionExpires(),
                settings.noTimerReinviteInterval(), useUpdate, refreshDue, expiryDue, refreshSent, localCSeq,
                remoteCSeq, media.sdp(), media.sdpType(), media.peerAllowsUpdate());
    }

    private void save() {
        states.save(leg, record());
    }

    /**
     * A leg a previous revision watched, taken up from its record: its timers armed for the time left.
     */
    static LegTimer restore(CallLeg leg, LegRecord record, PolicyScheduler scheduler, LegStates states,
            Statistics statistics, RandomGenerator random, Consumer<LegTimer> onEnd, Consumer<String> forgetCall) {
        SipSettings defaults = SipSettings.DEFAULTS;
        SipSettings settings = new SipSettings(defaults.resendIntervals(), defaults.sendRetry(),
                defaults.inviteTimeout(), defaults.tryingTimeout(), defaults.ringingTimeout(), record.segment(),
                defaults.earlyHangup(), record.keepAliveInterval(), defaults.publishExpire(),
                defaults.reliableProvisionals(), record.terms() == null ? defaults.sessionExpires()
                        : record.terms().interval(), record.minSe(), defaults.sessionTimerEnabled(),
                defaults.noTimerReinviteEnabled(), defaults.setupTimeoutsEnabled(), defaults.publishExpiryEnabled());
        LegTimer timer = new LegTimer(leg, settings, record.terms(), LegMedia.restored(record.sdp(),
                record.sdpType(), record.peerAllowsUpdate()), scheduler, states, statistics, random, onEnd,
                forgetCall);
        timer.restored = true;
        synchronized (timer) {
            timer.adopt(record);
            timer.arm();
        }
        return timer;
    }

    private void adopt(LegRecord record) {
        terms = record.terms();
        useUpdate = record.useUpdate();
        refreshDue = record.refreshDue();
        expiryDue = record.expiryDue();
        refreshSent = record.refreshSent();
        localCSeq = Math.max(localCSeq, record.localCSeq());
        remoteCSeq = Math.max(remoteCSeq, record.remoteCSeq());
    }

    /**
     * True when the record holds due times this revision did not write (the previous revision's refresh got
     * its 2xx after the takeover): they are adopted and the timers armed again, and the caller does nothing.
     */
    private boolean adoptedNewerRecord() {
        LegRecord kept = states.load(leg);
        if (kept == null || kept.sameDueTimes(record())) {
            return false;
        }
        LOG.debug("Leg {}: the refresh sent before the policy's update succeeded; timers follow it", leg.callId());
        cancelTimers();
        adopt(kept);
        arm();
        return true;
    }

    /**
     * A refresh succeeded (the peer's, or a re-INVITE or UPDATE the application relayed): restart the interval,
     * with the new terms when the transaction changed them.
     */
    synchronized void refreshed(SessionTerms renegotiated) {
        if (renegotiated != null && terms != null) {
            terms = renegotiated;
        }
        statistics.count(Outcome.REFRESHED);
        LOG.debug("Session of {} refreshed, interval {}", leg.callId(), terms == null ? "keep-alive" : terms.interval());
        start();
    }

    private synchronized void refreshDue() {
        refreshTask = null;
        if (disposed || refreshing || adoptedNewerRecord()) {
            return;
        }
        if (leg.state() == CallLeg.State.TERMINATED) {
            dispose();
            return;
        }
        sendRefresh();
    }

    private void sendRefresh() {
        // A re-INVITE without SDP would need the answer in the ACK, which the host cannot give: use UPDATE then.
        boolean byUpdate = useUpdate && (terms != null || media.sdp() == null);
        String method = byUpdate ? "UPDATE" : "INVITE";
        Map<String, String> headers = new LinkedHashMap<>();
        if (terms != null) {
            headers.put(SessionExpires.HEADER, SessionExpires.of(terms.interval(), Refresher.local(true)).format());
            headers.put(Negotiation.MIN_SE, Long.toString(terms.minSe(settings.minSessionExpires()).toSeconds()));
            headers.put("Supported", Negotiation.TIMER);
        }
        byte[] sdp = "INVITE".equals(method) ? media.sdp() : null;
        refreshing = true;
        refreshSent = states.now();
        save();
        LOG.debug("Refreshing {} by {}", leg.callId(), method);
        try {
            leg.send(method, headers, sdp == null ? null : media.sdpType(), sdp, this::refreshAnswered);
        } catch (IllegalStateException e) {
            refreshing = false;
            refreshSent = LegRecord.NONE;
            LOG.debug("Leg {} can no longer be refreshed: {}", leg.callId(), e.getMessage());
            dispose();
        }
    }

    private synchronized void refreshAnswered(SipMessage response) {
        refreshing = false;
        refreshSent = LegRecord.NONE;
        if (suspended) {
            handOver(response);
            return;
        }
        if (disposed) {
            return;
        }
        save();
        int status = response.status();
        if (status >= 200 && status < 300) {
            refreshed(terms == null ? null : Negotiation.afterRefresh(terms, response.header(SessionExpires.HEADER), true));
        } else if (status == 491) {
            statistics.count(Outcome.GLARE_RETRIED);
            Duration wait = RefreshTiming.glareBackoff(!leg.isInbound(), random);
            LOG.debug("Refresh of {} met glare, retrying in {}", leg.callId(), wait);
            refreshDue = states.now() + wait.toNanos();
            save();
            refreshTask = scheduler.schedule(wait, this::refreshDue);
        } else if (status == 408 || status == 481) {
            end(terms == null ? Outcome.KEEPALIVE_FAILED : Outcome.EXPIRED, status,
                    terms == null ? "keep-alive re-INVITE failed" : "session refresh failed");
        } else if ((status == 405 || status == 501) && useUpdate) {
            // The peer's Allow promised UPDATE; it was wrong, so the session is refreshed by re-INVITE from now.
            useUpdate = false;
            sendRefresh();
        } else if (terms == null) {
            // Any other answer proves the peer is there: the keep-alive did its job.
            start();
        } else {
            LOG.debug("Refresh of {} refused with {}; the session expires unless refreshed", leg.callId(), status);
        }
    }

    /**
     * The answer to a refresh this revision sent arrived after it stopped: a 2xx renews the due times in the
     * record, for the revision that took the leg up; anything else leaves that revision to refresh again.
     * Only the host's record is touched, and nothing here may load a class this revision has not loaded yet.
     */
    private void handOver(SipMessage response) {
        int status = response.status();
        if (status < 200 || status >= 300) {
            return;
        }
        try {
            if (terms != null) {
                terms = Negotiation.afterRefresh(terms, response.header(SessionExpires.HEADER), true);
            }
            renewDueTimes(states.now());
            save();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Leg {}: the refresh answered after the update could not be recorded: {}", leg.callId(),
                    e.toString());
        }
    }

    private synchronized void expired() {
        expiryTask = null;
        if (!disposed && !adoptedNewerRecord()) {
            end(Outcome.EXPIRED, EXPIRY_CAUSE, "session timer expired");
        }
    }

    /** Ends this leg and its peer with a Reason, and forgets the leg. */
    private void end(Outcome outcome, int cause, String text) {
        statistics.count(outcome);
        LOG.debug("Ending call {} on both legs: {} ({})", leg.callId(), text, cause);
        EndReason reason = outcome == Outcome.KEEPALIVE_FAILED ? EndReason.KEEPALIVE_FAILED : EndReason.SESSION_EXPIRED;
        leg.end(cause, text, reason);
        dispose();
        leg.peer().ifPresent(peer -> {
            peer.end(cause, text, reason);
            forgetCall.accept(peer.callId());
        });
    }

    /** Cancels the timers and forgets the leg, its record with the host too; idempotent. */
    synchronized void dispose() {
        if (disposed) {
            return;
        }
        disposed = true;
        cancelTimers();
        states.forget(leg);
        onEnd.accept(this);
    }

    /**
     * The bundle's revision stops: timers cancelled, the record left with the host for the next revision, which
     * {@link #restore restores} the leg. Only the answer to a refresh in flight may still write to the record.
     */
    synchronized void suspend() {
        if (disposed) {
            return;
        }
        disposed = true;
        suspended = true;
        cancelTimers();
        save();
    }

    private void cancelTimers() {
        if (refreshTask != null) {
            refreshTask.cancel();
            refreshTask = null;
        }
        if (expiryTask != null) {
            expiryTask.cancel();
            expiryTask = null;
        }
    }
}
