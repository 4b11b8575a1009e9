package io.sipsm.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key, by the property name operators use ({@link #propertyName()}). Values may be
 * typed or strings, as {@code config:property-set} stores them. Durations are seconds.
 *
 * <p>The first nine keys are VOS3000's; the others are this project's, named alike so that one
 * {@code config:edit io.sipsm.sip} lists them together.
 */
public enum SipKey {

    /** Seconds before each retransmission of an unanswered request, 1 to 10 values, each above 0 and at most 60. */
    RESEND_INTERVAL("SS_SIP_RESEND_INTERVAL"),
    /** Most retransmissions, 1..10; the list is spent after its last value even if this is larger. */
    SEND_RETRY("SS_SIP_SEND_RETRY"),
    /** Seconds an INVITE may go without any response, 1..300. */
    TIMEOUT_INVITE("SS_SIP_TIMEOUT_INVITE"),
    /** Seconds after 100 Trying without 180/183, 1..600. */
    TIMEOUT_TRYING("SS_SIP_TIMEOUT_TRYING"),
    /** Seconds after 180/183 without a final response, 1..3600. */
    TIMEOUT_RINGING("SS_SIP_TIMEOUT_RINGING"),
    /** 2..10: the session is refreshed at Session-Expires × (1 − 1/segment). */
    SESSION_UPDATE_SEGMENT("SS_SIP_SESSION_UPDATE_SEGMENT"),
    /** Seconds after which a call that never completed setup is torn down, 0 (off) to 3600. */
    SESSION_TIMEOUT_EARLY_HANGUP("SS_SIP_SESSION_TIMEOUT_EARLY_HANGUP"),
    /** Seconds between keep-alive re-INVITEs to peers without session timers, 60..86400. */
    NO_TIMER_REINVITE_INTERVAL("SS_SIP_NO_TIMER_REINVITE_INTERVAL"),
    /** Seconds a gateway's PUBLISH stays valid, 60..86400. */
    PUBLISH_EXPIRE("SS_SIP_PUBLISH_EXPIRE"),
    /** true or false: send 180/183 reliably (RFC 3262) and wait for PRACK; the PRACK feature's switch. */
    ENABLE_100REL("SS_SIP_ENABLE_100REL"),
    /** Seconds of the Session-Expires we offer (RFC 4028), 90..86400, at least {@link #SESSION_MIN_SE}. */
    SESSION_EXPIRES("SS_SIP_SESSION_EXPIRES"),
    /** Seconds of our Min-SE (RFC 4028), 90..86400; a smaller offered Session-Expires gets 422. */
    SESSION_MIN_SE("SS_SIP_SESSION_MIN_SE"),
    /** true or false: the session-timer feature. */
    ENABLE_SESSION_TIMER("SS_SIP_ENABLE_SESSION_TIMER"),
    /** true or false: the keep-alive re-INVITE feature for peers without session timers. */
    ENABLE_NO_TIMER_REINVITE("SS_SIP_ENABLE_NO_TIMER_REINVITE"),
    /** true or false: the INVITE, Trying and Ringing timeouts and the early hangup. */
    ENABLE_SETUP_TIMEOUTS("SS_SIP_ENABLE_SETUP_TIMEOUTS"),
    /** true or false: the PUBLISH expiry feature. */
    ENABLE_PUBLISH_EXPIRE("SS_SIP_ENABLE_PUBLISH_EXPIRE");

    private final String propertyName;

    SipKey(String propertyName) {
        this.propertyName = propertyName;
    }

    /** The configuration property, for example {@code SS_SIP_RESEND_INTERVAL}. */
    public String propertyName() {
        return propertyName;
    }

    /** The key with this property name, if any; ignoring case, as Configuration Admin compares keys. */
    public static Optional<SipKey> forProperty(String propertyName) {
        return Arrays.stream(values()).filter(k -> k.propertyName.equalsIgnoreCase(propertyName)).findFirst();
    }

    @Override
    public String toString() {
        return propertyName;
    }
}
