package io.sipsm.host.internal;

import java.util.Map;
import java.util.Set;

import javax.sip.RequestEvent;
import javax.sip.ResponseEvent;
import javax.sip.header.ToHeader;
import javax.sip.message.Request;

import org.mobicents.servlet.sip.core.SipApplicationDispatcherImpl;

/**
 * The container's dispatcher with the incoming half of the host SPI in front: interceptors see each request
 * and response before the application router and the applications, and may consume it. Named by class to
 * the container ({@code SipStandardService.setSipApplicationDispatcherClassName}).
 */
public class InterceptingDispatcher extends SipApplicationDispatcherImpl {

    /** Methods of initial requests some deployed application takes; kept by the whiteboard. */
    private static volatile Set<String> routedMethods = Set.of();

    public InterceptingDispatcher() {
        SilentStatsReporter.install(this);
    }

    static void routedMethods(Set<String> methods) {
        routedMethods = Set.copyOf(methods);
    }

    @Override
    public void processRequest(RequestEvent event) {
        if (InterceptorChain.INSTANCE.consumeIncomingRequest(event)) {
            return;
        }
        if (unrouted(event.getRequest())) {
            // The container would answer 404 too, but through an exception logged as an error.
            JainSipInboundRequest request = new JainSipInboundRequest(event);
            request.respond(404, "No SIP application for " + request.method(), Map.of());
            return;
        }
        super.processRequest(event);
    }

    @Override
    public void processResponse(ResponseEvent event) {
        if (!InterceptorChain.INSTANCE.consumeIncomingResponse(event.getResponse())) {
            super.processResponse(event);
        }
    }

    private static boolean unrouted(Request request) {
        String method = request.getMethod();
        ToHeader to = (ToHeader) request.getHeader(ToHeader.NAME);
        boolean initial = to != null && to.getTag() == null;
        return initial && !Request.ACK.equals(method) && !Request.CANCEL.equals(method)
                && !routedMethods.contains(method);
    }
}
