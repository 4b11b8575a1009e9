package io.sipsm.sessiontimer.internal;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.sipsm.config.SipSettings;

/**
 * RFC 4028 negotiation, as plain decisions over header values.
 *
 * <p>As UAS (an INVITE from the network): a malformed Session-Expires or Min-SE gets 400; an interval below our
 * Min-SE gets 422 with our Min-SE (section 9: the UAS rejects, whether or not the UAC supports timers, since
 * without support a proxy inserted the header and handles the 422); a larger interval than ours is lowered to
 * ours but never below the request's Min-SE (section 9 lets the UAS reduce, never increase). When the UAC
 * supports timers and left the refresher open, the host elects itself ({@code refresher=uas}): the host then
 * refreshes on the schedule operators configured, and a UAC that claims support but never refreshes cannot
 * get its call cut at Session-Expires, the "calls cut at 30 minutes" complaint. Without {@code timer} in the
 * UAC's Supported the refresher must be the UAS (the UAC would not refresh).
 *
 * <p>As UAC (an INVITE the host sends): we offer our interval, or the caller's Min-SE when that is larger so a
 * 422 the caller retried after is not asked for again (no 422 loop), with {@code refresher=uac}; the 2xx tells
 * who refreshes, and a 2xx without Session-Expires means the peer has no timer.
 */
final class Negotiation {

    /** RFC 4028's floor for Min-SE, assumed when a request carries none. */
    static final Duration RFC_MIN_SE = Duration.ofSeconds(90);

    static final String MIN_SE = "Min-SE";
    static final String TIMER = "timer";

    private Negotiation() {
    }

    /**
     * The host's answer to an initial INVITE.
     *
     * @param sessionExpires the request's Session-Expires value, or null
     * @param minSe the request's Min-SE value, or null
     * @param supported the request's Supported option tags
     */
    static Negotiated answerInvite(SipSettings settings, String sessionExpires, String minSe, List<String> supported) {
        if (!settings.sessionTimerEnabled()) {
            return new Negotiated.NoTimer("session timer switched off");
        }
        boolean peerSupportsTimer = hasTag(supported, TIMER);
        SessionExpires requested;
        Duration requestMinSe;
        try {
            requested = sessionExpires == null ? null : SessionExpires.parse(sessionExpires);
        } catch (MalformedHeaderException e) {
            return new Negotiated.Reject(400, "Malformed Session-Expires Header", Map.of());
        }
        try {
            requestMinSe = minSe == null ? RFC_MIN_SE : SessionExpires.parseMinSe(minSe);
        } catch (MalformedHeaderException e) {
            return new Negotiated.Reject(400, "Malformed Min-SE Header", Map.of());
        }
        Duration ours = settings.sessionExpires();
        Duration floor = max(requestMinSe, settings.minSessionExpires());
        if (requested == null) {
            // Section 9: the UAS may start a timer the UAC did not ask for, but only one the UAC understands.
            return peerSupportsTimer ? new Negotiated.Timer(new SessionTerms(max(ours, floor), true, true))
                    : new Negotiated.NoTimer("caller does not support timer");
        }
        if (requested.interval().compareTo(settings.minSessionExpires()) < 0) {
            return new Negotiated.Reject(422, "Session Interval Too Small",
                    Map.of(MIN_SE, Long.toString(settings.minSessionExpires().toSeconds())));
        }
        Duration interval = max(min(requested.interval(), ours), min(floor, requested.interval()));
        boolean hostRefreshes = !peerSupportsTimer
                || requested.refresher().map(r -> r.refreshesLocally(false)).orElse(true);
        return new Negotiated.Timer(new SessionTerms(interval, hostRefreshes, peerSupportsTimer));
    }

    /** The Session-Expires the host offers in an INVITE it sends, the caller's Min-SE considered. */
    static SessionExpires offer(SipSettings settings, Duration upstreamMinSe) {
        return SessionExpires.of(max(settings.sessionExpires(), upstreamMinSe), Refresher.UAC);
    }

    /** The Min-SE the host puts in an INVITE it sends: ours, or the caller's when larger. */
    static Duration offeredMinSe(SipSettings settings, Duration upstreamMinSe) {
        return max(settings.minSessionExpires(), upstreamMinSe);
    }

    /**
     * What a 2xx to an INVITE the host sent says: a timer with the refresher it names, or none when it carries
     * no (valid) Session-Expires.
     */
    static Negotiated readAnswer(SipSettings settings, String sessionExpires, List<String> supported) {
        if (!settings.sessionTimerEnabled()) {
            return new Negotiated.NoTimer("session timer switched off");
        }
        if (sessionExpires == null) {
            return new Negotiated.NoTimer("callee answered without Session-Expires");
        }
        try {
            SessionExpires answer = SessionExpires.parse(sessionExpires);
            // A 2xx must name the refresher; if it does not, refreshing ourselves is the side that cannot fail.
            boolean hostRefreshes = answer.refresher().map(r -> r.refreshesLocally(true)).orElse(true);
            return new Negotiated.Timer(new SessionTerms(answer.interval(), hostRefreshes, hasTag(supported, TIMER)
                    || !hostRefreshes));
        } catch (MalformedHeaderException e) {
            return new Negotiated.NoTimer("callee answered with a malformed Session-Expires: " + e.getMessage());
        }
    }

    /**
     * The terms after a successful refresh transaction: the interval and refresher its Session-Expires names,
     * or the current terms when it names none (or names them badly: a refresh that worked is not undone by a
     * header we cannot read).
     *
     * @param hostSentRequest true when the host sent the refresh, so {@code uac} means the host
     */
    static SessionTerms afterRefresh(SessionTerms current, String sessionExpires, boolean hostSentRequest) {
        if (sessionExpires == null) {
            return current;
        }
        try {
            SessionExpires value = SessionExpires.parse(sessionExpires);
            boolean hostRefreshes = value.refresher().map(r -> r.refreshesLocally(hostSentRequest))
                    .orElse(current.localRefresher());
            return current.renegotiated(value.interval(), hostRefreshes);
        } catch (MalformedHeaderException e) {
            return current;
        }
    }

    /** True when the list of option tags or methods holds this one, ignoring case. */
    static boolean hasTag(List<String> values, String tag) {
        return values.stream().anyMatch(v -> v.trim().equalsIgnoreCase(tag));
    }

    static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
