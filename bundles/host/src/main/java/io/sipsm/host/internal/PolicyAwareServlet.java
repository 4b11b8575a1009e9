package io.sipsm.host.internal;

import java.io.IOException;

import javax.servlet.ServletConfig;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipServletResponse;

/**
 * Stands in front of an application's servlet: responses to requests the host sent through the
 * application's session for a policy (a BYE ending an expired session, a CANCEL) stop here, after the
 * container updated the session, so the application never sees an answer to a request it did not send; and
 * the final response of an INVITE a policy cancelled shows the status the policy chose.
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
        application.service(request, response);
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
