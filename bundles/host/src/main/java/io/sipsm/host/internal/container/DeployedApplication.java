package io.sipsm.host.internal.container;

import java.io.File;

import java.util.Iterator;

import javax.servlet.sip.SipApplicationSessionAttributeListener;
import javax.servlet.sip.SipApplicationSessionListener;
import javax.servlet.sip.SipErrorListener;
import javax.servlet.sip.SipServlet;
import javax.servlet.sip.SipSessionAttributeListener;
import javax.servlet.sip.SipSessionListener;

import org.apache.catalina.Lifecycle;
import org.apache.catalina.core.StandardHost;
import org.apache.tomcat.util.scan.StandardJarScanner;
import org.mobicents.servlet.sip.catalina.SipServletImpl;
import org.mobicents.servlet.sip.core.session.SipListenersHolder;
import org.mobicents.servlet.sip.core.SipManager;
import org.mobicents.servlet.sip.core.session.MobicentsSipApplicationSession;
import org.mobicents.servlet.sip.core.session.SipStandardManager;
import org.mobicents.servlet.sip.startup.SipStandardContext;
import io.sipsm.cdr.EndReason;
import io.sipsm.host.internal.policy.PolicyStates;

/**
 * One SIP application in the container, or one version of it: a context built from code (no sip.xml) around the
 * servlet instance an application bundle registered, with one {@link WhiteboardListeners} standing for every listener
 * service of the application and of the host.
 */
public final class DeployedApplication {

    private final String name;
    private final SipStandardContext context;
    private final WhiteboardListeners listeners;

    private DeployedApplication(String name, SipStandardContext context, WhiteboardListeners listeners) {
        this.name = name;
        this.context = context;
        this.listeners = listeners;
    }

    static DeployedApplication start(StandardHost host, String name, SipServlet servlet, File docBase,
            ClassLoader parentLoader) {
        SipStandardContext context = new SipStandardContext();
        context.setName(name);
        context.setPath("/" + name);
        context.setDocBase(docBase.getAbsolutePath());
        context.setParentClassLoader(parentLoader);
        context.setManager(new SipStandardManager());
        context.setProcessTlds(false);
        StandardJarScanner scanner = new StandardJarScanner();
        // Scanning the class path walks the framework's jars and fails on module-info.class.
        scanner.setScanClassPath(false);
        context.setJarScanner(scanner);
        context.addLifecycleListener(event -> {
            if (Lifecycle.CONFIGURE_START_EVENT.equals(event.getType())) {
                installServlet(context, name, servlet);
            }
        });
        host.addChild(context);
        if (!context.getAvailable()) {
            host.removeChild(context);
            throw new IllegalStateException("SIP application " + name + " did not start; see the log above");
        }
        WhiteboardListeners listeners = new WhiteboardListeners(session -> {
            InterceptorChain.INSTANCE.legEnded(session);
            PolicyStates.INSTANCE.legEnded(session.getId());
        });
        SipListenersHolder holder = (SipListenersHolder) context.getListeners();
        holder.addListener((SipSessionListener) listeners);
        holder.addListener((SipApplicationSessionListener) listeners);
        holder.addListener((SipErrorListener) listeners);
        holder.addListener((SipSessionAttributeListener) listeners);
        holder.addListener((SipApplicationSessionAttributeListener) listeners);
        listeners.onFirstTimerListener(() -> holder.setTimerListener(listeners));
        return new DeployedApplication(name, context, listeners);
    }

    /** Stands in for ContextConfig: the one servlet, created by its bundle, is the main servlet. */
    private static void installServlet(SipStandardContext context, String name, SipServlet servlet) {
        context.setWrapperClass(SipServletImpl.class.getName());
        context.setApplicationName(name);
        SipServletImpl wrapper = (SipServletImpl) context.createWrapper();
        String servletName = name + "-main";
        wrapper.setName(servletName);
        wrapper.setServletName(servletName);
        wrapper.setServletClass(servlet.getClass().getName());
        wrapper.setServlet(new PolicyAwareServlet(servlet));
        wrapper.setLoadOnStartup(1);
        context.addChild(wrapper);
        context.setMainServlet(servletName);
        context.setConfigured(true);
    }

    /** Invalidates what the application still holds, then removes and destroys its context. */
    void stop(StandardHost host) throws Exception {
        SipManager manager = context.getSipManager();
        if (manager != null) {
            for (Iterator<MobicentsSipApplicationSession> it = manager.getAllSipApplicationSessions(); it.hasNext();) {
                MobicentsSipApplicationSession session = it.next();
                if (session.isValidInternal()) {
                    session.invalidate(true);
                }
            }
        }
        host.removeChild(context);
        context.destroy();
    }

    /**
     * Ends each call the application holds, every leg as a policy would ({@link ContainerCallLeg#end}), so both
     * ends hear of it; the container then invalidates the sessions.
     *
     * @return how many valid application sessions there were
     */
    int endCalls(int status, String text) {
        SipManager manager = context.getSipManager();
        int calls = 0;
        if (manager == null) {
            return calls;
        }
        for (Iterator<MobicentsSipApplicationSession> it = manager.getAllSipApplicationSessions(); it.hasNext();) {
            MobicentsSipApplicationSession session = it.next();
            if (!session.isValidInternal()) {
                continue;
            }
            calls++;
            try {
                for (Iterator<?> legs = session.getSessions("SIP"); legs.hasNext();) {
                    ContainerCallLeg.of(legs.next()).ifPresent(leg -> leg.end(status, text, EndReason.ENDED_BY_HOST));
                }
            } catch (IllegalStateException invalidatedMeanwhile) {
                // The call ended on its own while being counted.
            }
        }
        return calls;
    }

    /** The container's name for the context. */
    public String name() {
        return name;
    }

    public WhiteboardListeners listeners() {
        return listeners;
    }

    public int activeApplicationSessions() {
        SipManager manager = context.getSipManager();
        return manager == null ? 0 : manager.getActiveSipApplicationSessions();
    }
}
