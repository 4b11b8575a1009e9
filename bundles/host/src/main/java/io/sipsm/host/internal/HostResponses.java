package io.sipsm.host.internal;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import javax.servlet.sip.SipServletRequest;
import javax.sip.ClientTransaction;
import javax.sip.message.Response;

/**
 * What the host arranged for responses that reach the container: responses to requests a policy sent
 * through an application's session are kept from the application ({@link PolicyAwareServlet}), and the final
 * response of an INVITE a policy cancelled shows the status the policy chose.
 */
final class HostResponses {

    /** Request attribute on requests the host sent through an application's session. */
    static final String HOST_ORIGINATED = "io.sipsm.host.originated";

    /** Weak: a transaction that never gets its final response must not be held. */
    private static final Map<ClientTransaction, Integer> REWRITES = Collections.synchronizedMap(new WeakHashMap<>());

    private HostResponses() {
    }

    static void markHostOriginated(SipServletRequest request) {
        request.setAttribute(HOST_ORIGINATED, Boolean.TRUE);
    }

    static boolean isHostOriginated(SipServletRequest request) {
        return request != null && request.getAttribute(HOST_ORIGINATED) != null;
    }

    static void rewriteFinalResponse(ClientTransaction invite, int status) {
        REWRITES.put(invite, status);
    }

    /** Applies a rewrite the policy asked for to the INVITE's final response, once. */
    static void applyRewrite(ClientTransaction transaction, Response response) {
        if (transaction == null || response.getStatusCode() < 300) {
            return;
        }
        Integer status = REWRITES.remove(transaction);
        if (status != null && status != response.getStatusCode()) {
            try {
                response.setStatusCode(status);
                response.setReasonPhrase(ReasonPhrases.of(status));
            } catch (java.text.ParseException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }
}
