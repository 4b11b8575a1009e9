package io.sipsm.b2bua.internal;

import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipSessionAttributeListener;
import javax.servlet.sip.SipSessionBindingEvent;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.sipsm.cdr.ServerEnd;
import io.sipsm.host.SipApplications;

/**
 * Hears the host mark a leg of this B2BUA's calls as ended for a policy ({@link ServerEnd}), before the BYE,
 * CANCEL or final response that ends it leaves, and writes it into the call's trace. The B2BUA sees nothing else
 * of such an end: the host keeps the responses to its own requests from the application. An answered call is
 * counted as ended by the platform here, once: by the time the container destroys the call's session its
 * attributes are gone ({@link CallEnds} found none for an expired session).
 */
@Component(service = SipSessionAttributeListener.class,
        property = SipApplications.APPLICATION + "=" + RoutingB2buaServlet.APPLICATION_NAME)
public class ServerEndListener implements SipSessionAttributeListener {

    private final CallFigures figures;

    @Activate
    public ServerEndListener(@Reference CallFigures figures) {
        this.figures = figures;
    }

    @Override
    public void attributeAdded(SipSessionBindingEvent event) {
        if (!ServerEnd.ATTRIBUTE.equals(event.getName())) {
            return;
        }
        SipSession leg = event.getSession();
        if (leg.getAttribute(ServerEnd.ATTRIBUTE) instanceof ServerEnd mark) {
            CallTrace.of(leg.getApplicationSession())
                    .ifPresent(trace -> trace.serverEnded(leg.getId(), leg.getCallId(), mark));
            // Nothing for a call not answered yet (a gateway leg given up may fail over), nor one counted already.
            try {
                figures.ended(leg.getApplicationSession(), CallFigures.PLATFORM);
            } catch (IllegalStateException invalidated) {
                // The call's session is already gone: its end is not counted rather than counted wrong.
            }
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
