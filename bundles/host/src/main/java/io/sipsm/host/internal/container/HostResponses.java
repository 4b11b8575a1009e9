package io.sipsm.host.internal.container;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;

import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.sip.ClientTransaction;

import org.mobicents.servlet.sip.message.SipServletMessageImpl;

import io.sipsm.host.internal.sip.ReasonPhrases;

/**
 * What the host arranged for responses that reach the container: responses to requests a policy sent
 * through an application's session are kept from the application ({@link PolicyAwareServlet}), and the final
 * response of an INVITE a policy cancelled shows the status the policy chose, to the application only.
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

    /**
     * The response as the application should see it: with the status a policy chose for an INVITE it
     * cancelled, once. The container itself saw the real final response (a 487), so it ends the session as
     * after any cancel; only the application's view changes.
     */
    static SipServletResponse forApplication(SipServletResponse response) {
        if (response.getStatus() < 300 || !(response instanceof SipServletMessageImpl message)
                || !(message.getTransaction() instanceof ClientTransaction transaction)) {
            return response;
        }
        Integer status = REWRITES.remove(transaction);
        if (status == null || status == response.getStatus()) {
            return response;
        }
        String phrase = ReasonPhrases.of(status);
        InvocationHandler view = (proxy, method, args) -> {
            switch (method.getName()) {
                case "getStatus": return status;
                case "getReasonPhrase": return phrase;
                default:
                    try {
                        return method.invoke(response, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
            }
        };
        return (SipServletResponse) Proxy.newProxyInstance(HostResponses.class.getClassLoader(),
                new Class<?>[] {SipServletResponse.class}, view);
    }
}
