package io.sipsm.host.internal.container;

import java.io.IOException;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipServletResponse;
import javax.servlet.sip.TooManyHopsException;

import io.sipsm.host.internal.sip.NetworkFaults;

/**
 * Stands in front of an application's servlet: responses to requests the host sent through the
 * application's session for a policy (a BYE ending an expired session, a CANCEL) stop here, after the
 * container updated the session, so the application never sees an answer to a request it did not send; and
 * the final response of an INVITE a policy cancelled shows the status the policy chose. A request the
 * application could not pass on for want of hops gets 483, as JSR 289 has the container do when an
 * application leaves a TooManyHopsException uncaught; the container itself answers 500 and logs an error.
 */
final class PolicyAwareServlet extends SipServlet {

    private static final long serialVersionUID = 1L;

    private final transient SipServlet application;

    PolicyAwareServlet(SipServlet application) {
        this.application = application;
    }

    @Override
    public void init(ServletConfig config) throws ServletException {
        super.init(config);
        application.init(config);
    }

    @Override
    public void service(ServletRequest request, ServletResponse response) throws ServletException, IOException {
        if (request == null && response instanceof SipServletResponse sipResponse) {
            if (HostResponses.isHostOriginated(sipResponse.getRequest())) {
                return;
            }
            application.service(null, HostResponses.forApplication(sipResponse));
            return;
        }
        try {
            application.service(request, response);
        } catch (TooManyHopsException e) {
            if (!(request instanceof SipServletRequest sipRequest) || sipRequest.isCommitted()) {
                throw e;
            }
            NetworkFaults.INSTANCE.record(NetworkFaults.Kind.TOO_MANY_HOPS,
                    NetworkFaults.source(sipRequest.getRemoteAddr(), sipRequest.getRemotePort()),
                    sipRequest.getMethod() + " with Max-Forwards 0");
            sipRequest.createResponse(SipServletResponse.SC_TOO_MANY_HOPS).send();
        }
    }

    @Override
    public void destroy() {
        application.destroy();
    }

    @Override
    public String getServletInfo() {
        return application.getServletInfo();
    }

    SipServlet application() {
        return application;
    }
}
