package io.sipsm.host;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A SIP request or response as a {@link SipMessageInterceptor} sees it. Header values are the raw text after
 * the colon, so a policy parses them itself and can answer a malformed value as its RFC says.
 *
 * <p>Header changes made on an outgoing message go out on the wire; on an incoming message they are seen by
 * the application. A message is valid only during the interceptor call that received it.
 */
@ProviderType
public interface SipMessage {

    /** The method of a request, or of the request a response answers (from CSeq). */
    String method();

    /** The status code of a response, 0 for a request. */
    int status();

    /** True for a request. */
    default boolean isRequest() {
        return status() == 0;
    }

    /** The Call-ID. */
    String callId();

    /**
     * The first value of the header, or null when absent. Names are matched ignoring case, and a compact form
     * on the wire ({@code k:}, {@code x:}, ...) is found under its full name and the other way round. A value
     * the host could not parse is still returned, as it came, so a policy can answer it as its RFC says.
     */
    String header(String name);

    /**
     * Every value of a list-valued header (Supported, Require, Allow, ...) in order, whether the sender wrote
     * one comma-separated list or repeated the header: elements are split at the commas outside quotes and
     * angle brackets, trimmed, blank ones dropped; empty when absent. Names as for {@link #header}.
     */
    List<String> headers(String name);

    /**
     * Replaces every value of the header by this one. A comma-separated list is accepted for a list-valued
     * header, but {@link #setHeaders} is the way to write one.
     */
    void setHeader(String name, String value);

    /**
     * Replaces every value of a list-valued header by these elements, in order; removes the header when the
     * list is empty. Read, edit, write back: {@code setHeaders("Supported", edited(headers("Supported")))}.
     *
     * @since 1.4
     */
    default void setHeaders(String name, List<String> values) {
        removeHeader(name);
        for (String value : values) {
            addHeader(name, value);
        }
    }

    /** Adds a value after the existing ones. */
    void addHeader(String name, String value);

    /** Removes every value of the header. */
    void removeHeader(String name);

    /** The body, empty when there is none. */
    byte[] content();

    /**
     * The call leg the message belongs to, once the container has a session for it: empty for an initial
     * request before any application took it, and for messages outside any dialog.
     */
    Optional<CallLeg> leg();

    /**
     * Asks the host to send this outgoing provisional response (101 to 199) to an INVITE reliably, RFC 3262:
     * with RSeq and Require: 100rel, retransmitted from T1, doubling, until the PRACK, which the host answers
     * itself (the application never sees it). A 2xx with SDP the application sends meanwhile is held until the
     * PRACK; without a PRACK after 64·T1 the host rejects the INVITE with a 500.
     *
     * @param outcome told {@code true} when the PRACK came, {@code false} when the host gave up
     * @return false when this response cannot go reliably (not an outgoing 1xx to an INVITE, the INVITE did
     *         not offer 100rel, or an earlier reliable response is unacknowledged): it then goes as it is
     * @since 1.1
     */
    default boolean sendReliably(java.util.function.Consumer<Boolean> outcome) {
        return false;
    }

    /**
     * Asks the host to retransmit this outgoing request, if it goes over UDP and unanswered, after exactly these
     * waits: the first copy this long after the original, each next one that long after the previous, one copy
     * per element, then no more; the request then fails when the host's transaction timeout expires (not before
     * the last copy had as long again as its wait). An INVITE's copies stop at its first response, any other
     * request's at its final response. Overrides the host's global list ({@link TransactionTimers#resendOn}).
     * Over TCP or TLS nothing is retransmitted (RFC 3261 section 17.1.1.2) and this has no effect.
     *
     * @param waits the waits, each positive; empty to keep the host's schedule
     * @return false when the host cannot do it for this message (not an outgoing request that starts a client
     *         transaction): the host's schedule then applies
     * @since 1.9
     */
    default boolean resendOn(List<Duration> waits) {
        return false;
    }
}
