package io.sipsm.b2bua.internal;

import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipSessionAttributeListener;
import javax.servlet.sip.SipSessionBindingEvent;

import org.osgi.service.component.annotations.Component;

import io.sipsm.cdr.ServerEnd;
import io.sipsm.host.SipApplications;

/**
 * Hears the host mark a leg of this B2BUA's calls as ended for a policy ({@link ServerEnd}), before the BYE,
 * CANCEL or final response that ends it leaves, and writes it into the call's trace. The B2BUA sees nothing else
 * of such an end: the host keeps the responses to its own requests from the application.
 */
@Component(service = SipSessionAttributeListener.class,
        property = SipApplications.APPLICATION + "=" + RoutingB2buaServlet.APPLICATION_NAME)
public class ServerEndListener implements SipSessionAttributeListener {

    @Override
    public void attributeAdded(SipSessionBindingEvent event) {
        if (!ServerEnd.ATTRIBUTE.equals(event.getName())) {
            return;
        }
        SipSession leg = event.getSession();
        if (leg.getAttribute(ServerEnd.ATTRIBUTE) instanceof ServerEnd mark) {
            CallTrace.of(leg.getApplicationSession())
                    .ifPresent(trace -> trace.serverEnded(leg.getId(), leg.getCallId(), mark));
        }
    }

    @Override
    public void attributeRemoved(SipSessionBindingEvent event) {
        // a mark is never removed while the call lasts
    }

    @Override
    public void attributeReplaced(SipSessionBindingEvent event) {
        // the host marks a leg once
    }
}
