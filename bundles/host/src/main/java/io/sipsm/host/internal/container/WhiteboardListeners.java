package io.sipsm.host.internal.container;

import java.io.IOException;
import java.util.EventListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import javax.servlet.sip.ServletTimer;
import javax.servlet.sip.SipApplicationSessionAttributeListener;
import javax.servlet.sip.SipApplicationSessionBindingEvent;
import javax.servlet.sip.SipApplicationSessionEvent;
import javax.servlet.sip.SipApplicationSessionListener;
import javax.servlet.sip.SipErrorEvent;
import javax.servlet.sip.SipErrorListener;
import javax.servlet.sip.SipServletRequest;
import javax.servlet.sip.SipSession;
import javax.servlet.sip.SipSessionAttributeListener;
import javax.servlet.sip.SipSessionBindingEvent;
import javax.servlet.sip.SipSessionEvent;
import javax.servlet.sip.SipSessionListener;
import javax.servlet.sip.TimerListener;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.EndReason;
import io.sipsm.cdr.ServerEnd;

/**
 * Stands in a context's listener lists for every listener service of the application and of the host. The
 * container's own lists are not synchronised and are emptied when a context stops; services come and go here
 * instead, in thread-safe lists. A failing listener is logged and does not stop the others.
 *
 * <p>Two duties of the host ride along: a destroyed session is reported to the host's interceptors as a leg
 * that ended, and a 2xx the caller never acknowledged gets the BYE of RFC 3261 section 13.3.1.4 when no
 * listener service takes the error (the container sends that BYE only to applications without error
 * listeners, and this stand-in is always one).
 */
public final class WhiteboardListeners implements SipSessionListener, SipApplicationSessionListener, SipErrorListener,
        SipSessionAttributeListener, SipApplicationSessionAttributeListener, TimerListener {

    private static final Logger LOG = LoggerFactory.getLogger(WhiteboardListeners.class);

    private final List<EventListener> delegates = new CopyOnWriteArrayList<>();
    private volatile Runnable onFirstTimerListener = () -> { };
    private final Consumer<SipSession> onSessionDestroyed;

    /** @param onSessionDestroyed told of every session the container destroys, after the listener services */
    WhiteboardListeners(Consumer<SipSession> onSessionDestroyed) {
        this.onSessionDestroyed = onSessionDestroyed;
    }

    public void add(EventListener listener) {
        delegates.add(listener);
        if (listener instanceof TimerListener) {
            Runnable first = onFirstTimerListener;
            onFirstTimerListener = () -> { };
            first.run();
        }
    }

    public void remove(EventListener listener) {
        delegates.remove(listener);
    }

    /** JSR 289 gives an application one timer listener: take the slot only when a service wants it. */
    void onFirstTimerListener(Runnable action) {
        if (delegates.stream().anyMatch(TimerListener.class::isInstance)) {
            action.run();
        } else {
            onFirstTimerListener = action;
        }
    }

    private <T> void each(Class<T> type, Consumer<T> call) {
        for (EventListener listener : delegates) {
            if (type.isInstance(listener)) {
                try {
                    call.accept(type.cast(listener));
                } catch (RuntimeException e) {
                    LOG.warn("{} {} failed", type.getSimpleName(), listener.getClass().getName(), e);
                }
            }
        }
    }

    @Override public void sessionCreated(SipSessionEvent e) { each(SipSessionListener.class, l -> l.sessionCreated(e)); }
    @Override public void sessionDestroyed(SipSessionEvent e) {
        each(SipSessionListener.class, l -> l.sessionDestroyed(e));
        onSessionDestroyed.accept(e.getSession());
    }
    @Override public void sessionReadyToInvalidate(SipSessionEvent e) { each(SipSessionListener.class, l -> l.sessionReadyToInvalidate(e)); }

    @Override public void sessionCreated(SipApplicationSessionEvent e) { each(SipApplicationSessionListener.class, l -> l.sessionCreated(e)); }
    @Override public void sessionDestroyed(SipApplicationSessionEvent e) { each(SipApplicationSessionListener.class, l -> l.sessionDestroyed(e)); }
    @Override public void sessionExpired(SipApplicationSessionEvent e) { each(SipApplicationSessionListener.class, l -> l.sessionExpired(e)); }
    @Override public void sessionReadyToInvalidate(SipApplicationSessionEvent e) { each(SipApplicationSessionListener.class, l -> l.sessionReadyToInvalidate(e)); }

    @Override public void noAckReceived(SipErrorEvent e) {
        if (delegates.stream().anyMatch(SipErrorListener.class::isInstance)) {
            each(SipErrorListener.class, l -> l.noAckReceived(e));
        } else {
            hangUpUnacknowledged(e.getRequest());
        }
    }
    @Override public void noPrackReceived(SipErrorEvent e) { each(SipErrorListener.class, l -> l.noPrackReceived(e)); }

    @Override public void attributeAdded(SipSessionBindingEvent e) { each(SipSessionAttributeListener.class, l -> l.attributeAdded(e)); }
    @Override public void attributeRemoved(SipSessionBindingEvent e) { each(SipSessionAttributeListener.class, l -> l.attributeRemoved(e)); }
    @Override public void attributeReplaced(SipSessionBindingEvent e) { each(SipSessionAttributeListener.class, l -> l.attributeReplaced(e)); }

    @Override public void attributeAdded(SipApplicationSessionBindingEvent e) { each(SipApplicationSessionAttributeListener.class, l -> l.attributeAdded(e)); }
    @Override public void attributeRemoved(SipApplicationSessionBindingEvent e) { each(SipApplicationSessionAttributeListener.class, l -> l.attributeRemoved(e)); }
    @Override public void attributeReplaced(SipApplicationSessionBindingEvent e) { each(SipApplicationSessionAttributeListener.class, l -> l.attributeReplaced(e)); }

    @Override public void timeout(ServletTimer timer) { each(TimerListener.class, l -> l.timeout(timer)); }

    /** Runs under the session's lock: the container calls error listeners from inside the application. */
    private static void hangUpUnacknowledged(SipServletRequest invite) {
        SipSession session = invite.getSession();
        if (!session.isValid() || session.getState() == SipSession.State.TERMINATED) {
            return;
        }
        try {
            if (session.getAttribute(ServerEnd.ATTRIBUTE) == null) {
                session.setAttribute(ServerEnd.ATTRIBUTE, new ServerEnd(EndReason.NO_ACK, EndingBundles.caller(), 408,
                        "no ACK for the 2xx", System.currentTimeMillis()));
            }
            SipServletRequest bye = session.createRequest("BYE");
            bye.setHeader("Reason", "SIP;cause=408;text=\"no ACK for the 2xx\"");
            bye.send();
            LOG.debug("Call {}: no ACK for the 2xx; BYE sent", invite.getCallId());
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Call {}: no ACK for the 2xx and no BYE possible: {}", invite.getCallId(), e.toString());
        }
    }
}
