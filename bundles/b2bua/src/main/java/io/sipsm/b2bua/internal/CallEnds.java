package io.sipsm.b2bua.internal;

import javax.servlet.sip.SipApplicationSessionEvent;
import javax.servlet.sip.SipApplicationSessionListener;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.SipApplications;

/**
 * Counts the end of answered calls that no BYE through the servlet ended: a policy's BYE on both legs (session
 * expired, keep-alive failed), the host ending calls. The container destroys the call's application session then,
 * and this listener (added to the B2BUA by the host's whiteboard) sees it go.
 */
@Component(property = SipApplications.APPLICATION + "=" + RoutingB2buaServlet.APPLICATION_NAME)
public final class CallEnds implements SipApplicationSessionListener {

    private static final Logger LOG = LoggerFactory.getLogger(CallEnds.class);

    private final CallFigures figures;

    @Activate
    public CallEnds(@Reference CallFigures figures) {
        this.figures = figures;
    }

    @Override
    public void sessionDestroyed(SipApplicationSessionEvent event) {
        try {
            figures.ended(event.getApplicationSession(), CallFigures.PLATFORM);
        } catch (IllegalStateException invalidated) {
            // Its attributes already gone: the call's end is not counted rather than counted wrong.
            LOG.debug("an application session ended without its figures: {}", invalidated.toString());
        }
    }

    @Override
    public void sessionCreated(SipApplicationSessionEvent event) {
        // Calls are counted from their INVITE, in the servlet.
    }

    @Override
    public void sessionExpired(SipApplicationSessionEvent event) {
        // Expiry leads to destruction, counted there.
    }

    @Override
    public void sessionReadyToInvalidate(SipApplicationSessionEvent event) {
        // Destruction follows, counted there.
    }
}
