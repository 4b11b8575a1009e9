package io.sipsm.host;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard service: sees every SIP message of the UA-mode (UAS, UAC, B2BUA) applications on the host,
 * without the applications knowing. The host calls interceptors in service-ranking order, highest first.
 *
 * <p>Calls run on the SIP stack's threads and must be short and non-blocking. An exception thrown by an
 * interceptor is logged by the host and the message goes on as if the interceptor had passed it.
 */
@ConsumerType
public interface SipMessageInterceptor {

    /**
     * The service rankings of the project's interceptors, so their order is declared rather than left to the
     * order their bundles happened to start in (which a bundle update changes). Who may call comes first, before
     * anything spends work on a request; then PRACK, PUBLISH, the session timer and the setup timeouts, the order
     * they have always run in. Another bundle's interceptor picks a ranking between these.
     *
     * @since 1.5
     */
    final class Ranking {
        public static final int CALLER_ADMISSION = 1_000_000;
        public static final int PRACK = 400;
        public static final int PUBLISH = 300;
        public static final int SESSION_TIMER = 200;
        public static final int SETUP_TIMEOUTS = 100;

        private Ranking() {
        }
    }

    /** What the host does with an incoming message after an interceptor saw it. */
    enum Disposition {
        /** Go on: the next interceptor, then the application. */
        PASS,
        /** Stop here: the interceptor answered or absorbed the message; no application sees it. */
        CONSUME
    }

    /** A request from the network, before the application router and any application. */
    default Disposition incomingRequest(InboundRequest request) {
        return Disposition.PASS;
    }

    /** A response from the network, before the application that sent the request. */
    default Disposition incomingResponse(SipMessage response) {
        return Disposition.PASS;
    }

    /** A request leaving the host (sent by an application or the container); headers may be changed. */
    default void outgoingRequest(SipMessage request) {
    }

    /** A response leaving the host (sent by an application or the container); headers may be changed. */
    default void outgoingResponse(SipMessage response) {
    }

    /**
     * The container has discarded the leg's session: its last message has passed (or never will, when the
     * application let the session expire). Called once per leg, whatever ended it, so that state an
     * interceptor keeps for the leg can go even when no BYE or final response was seen.
     *
     * @since 1.2
     */
    default void legEnded(CallLeg leg) {
    }
}
