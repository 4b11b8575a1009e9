package io.sipsm.host.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.sip.SipServlet;
import javax.servlet.sip.TimerListener;

import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.HostStatus;
import io.sipsm.host.SipApplications;

/**
 * Deploys the SIP servlets and adds the JSR 289 listeners that bundles register as services with
 * {@link SipApplications#APPLICATION}, and takes them away again when the services go.
 */
final class ApplicationWhiteboard extends ServiceTracker<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationWhiteboard.class);

    private record Deployed(DeployedApplication application, ApplicationRoutes.Candidate route, String bundle) {
    }

    private final RestcommContainer container;
    private final Map<String, Deployed> deployed = new LinkedHashMap<>();
    private final Map<String, List<EventListener>> listeners = new HashMap<>();
    private volatile List<String> routingOrder;
    private volatile String routes = "";
    private long deployments;

    ApplicationWhiteboard(BundleContext context, RestcommContainer container, List<String> routingOrder)
            throws InvalidSyntaxException {
        super(context, FrameworkUtil.createFilter("(" + SipApplications.APPLICATION + "=*)"), null);
        this.container = container;
        this.routingOrder = routingOrder;
    }

    @Override
    public Object addingService(ServiceReference<Object> reference) {
        Object service = context.getService(reference);
        String name = String.valueOf(reference.getProperty(SipApplications.APPLICATION));
        if (service instanceof SipServlet servlet) {
            deploy(name, servlet, reference);
        } else if (service instanceof EventListener listener) {
            addListener(name, listener);
        } else {
            LOG.warn("Service {} names SIP application {} but is neither a SipServlet nor a SIP listener; ignored",
                    reference.getProperty("service.id"), name);
        }
        return service;
    }

    @Override
    public void removedService(ServiceReference<Object> reference, Object service) {
        String name = String.valueOf(reference.getProperty(SipApplications.APPLICATION));
        if (service instanceof SipServlet) {
            undeploy(name, service);
        } else if (service instanceof EventListener listener) {
            removeListener(name, listener);
        }
        context.ungetService(reference);
    }

    synchronized void setRoutingOrder(List<String> order) {
        routingOrder = order;
        reroute();
    }

    synchronized List<HostStatus.Application> applications() {
        List<HostStatus.Application> result = new ArrayList<>();
        for (ApplicationRoutes.Candidate c : ApplicationRoutes.inRoutingOrder(routingOrder, candidates())) {
            Deployed d = deployed.get(c.name());
            result.add(new HostStatus.Application(c.name(), c.methods(), d.bundle(),
                    d.application().activeApplicationSessions()));
        }
        return result;
    }

    String routes() {
        return routes;
    }

    private synchronized void deploy(String name, SipServlet servlet, ServiceReference<Object> reference) {
        if (deployed.containsKey(name)) {
            LOG.error("SIP application {} is already deployed; the servlet of bundle {} is ignored", name,
                    reference.getBundle().getSymbolicName());
            return;
        }
        try {
            DeployedApplication application = container.deploy(name, servlet, reference.getBundle());
            for (EventListener listener : listenersOf(name)) {
                application.listeners().add(listener);
            }
            for (EventListener listener : listenersOf(SipApplications.ALL)) {
                application.listeners().add(listener);
            }
            List<String> methods = methods(reference.getProperty(SipApplications.METHODS));
            deployed.put(name, new Deployed(application,
                    new ApplicationRoutes.Candidate(name, methods, deployments++),
                    reference.getBundle().getSymbolicName()));
            reroute();
            LOG.info("SIP application {} deployed from bundle {}, initial requests {}", name,
                    reference.getBundle().getSymbolicName(), methods);
        } catch (Exception e) {
            LOG.error("SIP application {} of bundle {} could not be deployed", name,
                    reference.getBundle().getSymbolicName(), e);
        }
    }

    private synchronized void undeploy(String name, Object servlet) {
        Deployed d = deployed.get(name);
        if (d == null) {
            return;
        }
        deployed.remove(name);
        reroute();
        container.undeploy(d.application());
        LOG.info("SIP application {} undeployed", name);
    }

    private synchronized void addListener(String name, EventListener listener) {
        if (SipApplications.ALL.equals(name) && listener instanceof TimerListener) {
            LOG.warn("A TimerListener belongs to one application (JSR 289); {} names every application and is "
                    + "ignored", listener.getClass().getName());
            return;
        }
        listenersOf(name).add(listener);
        targets(name).forEach(d -> d.application().listeners().add(listener));
    }

    private synchronized void removeListener(String name, EventListener listener) {
        listenersOf(name).remove(listener);
        targets(name).forEach(d -> d.application().listeners().remove(listener));
    }

    private List<Deployed> targets(String name) {
        if (SipApplications.ALL.equals(name)) {
            return new ArrayList<>(deployed.values());
        }
        Deployed d = deployed.get(name);
        return d == null ? List.of() : List.of(d);
    }

    private List<EventListener> listenersOf(String name) {
        return listeners.computeIfAbsent(name, n -> new ArrayList<>());
    }

    private List<ApplicationRoutes.Candidate> candidates() {
        return deployed.values().stream().map(Deployed::route).toList();
    }

    private void reroute() {
        Map<String, String> byMethod = ApplicationRoutes.byMethod(routingOrder, candidates());
        String dar = ApplicationRoutes.dar(byMethod);
        container.route(dar);
        InterceptingDispatcher.routedMethods(byMethod.keySet());
        routes = dar;
    }

    private static List<String> methods(Object property) {
        if (property instanceof String[] array) {
            return Arrays.stream(array).flatMap(s -> Arrays.stream(s.split(","))).map(String::trim)
                    .filter(s -> !s.isEmpty()).toList();
        }
        if (property instanceof String text) {
            return methods(new String[] {text});
        }
        if (property instanceof java.util.Collection<?> values) {
            return methods(values.stream().map(String::valueOf).toArray(String[]::new));
        }
        return List.of();
    }
}
