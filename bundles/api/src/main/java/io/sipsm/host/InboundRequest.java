package io.sipsm.host;

import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/** A request arriving from the network, before any application sees it; an interceptor may answer it. */
@ProviderType
public interface InboundRequest extends SipMessage {

    /** True for a request that starts a dialog or stands alone (no To tag). */
    boolean isInitial();

    /** The Request-URI, e.g. {@code sip:alice@acme.example.com}. @since 1.1 */
    String requestUri();

    /** The host part of the Request-URI, e.g. {@code acme.example.com}, the domain tenants are selected by. @since 1.1 */
    String requestDomain();

    /** The source address of the request as seen by the transport, e.g. {@code 127.0.0.1}. */
    String remoteAddress();

    /**
     * Answers the request from the host with a final response; the interceptor then returns
     * {@link SipMessageInterceptor.Disposition#CONSUME}, so no application sees it.
     *
     * @param status a final status, 200 to 699; no 2xx to INVITE, SUBSCRIBE or REFER (it would create a dialog
     *        nobody owns)
     * @param reason the reason phrase, or null for the RFC's
     * @param headers headers to add to the response, in iteration order
     * @throws IllegalArgumentException for a status the host cannot send
     */
    void respond(int status, String reason, Map<String, String> headers);
}
