package io.sipsm.host.internal.whiteboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.sip.SipServlet;
import javax.servlet.sip.TimerListener;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.HostStatus;
import io.sipsm.host.SipApplications;
import io.sipsm.host.internal.container.DeployedApplication;
import io.sipsm.host.internal.container.RestcommContainer;
import io.sipsm.host.internal.sip.RoutedMethods;

/**
 * Deploys the SIP servlets and adds the JSR 289 listeners that bundles register as services with
 * {@link SipApplications#APPLICATION}, and takes them away again when the services go.
 *
 * <p>One servlet serves an application name: as in the OSGi whiteboards, the one with the highest service
 * ranking (at equal ranking the one registered first). The others of that name wait, shadowed, and the next
 * is deployed when the one serving goes; a servlet that fails to deploy is passed over until it is registered
 * anew. Both show in {@link #notDeployed()}.
 */
public final class ApplicationWhiteboard extends ServiceTracker<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationWhiteboard.class);

    private record Deployed(DeployedApplication application, ApplicationRoutes.Candidate route,
            ServiceReference<Object> reference, String bundle) {
    }

    private final RestcommContainer container;
    private final Map<String, Deployed> deployed = new LinkedHashMap<>();
    /** Every servlet registered under each name, the one deployed among them. */
    private final Map<String, Map<ServiceReference<Object>, SipServlet>> offered = new HashMap<>();
    /** Why each servlet that failed to deploy did. */
    private final Map<ServiceReference<Object>, String> failed = new HashMap<>();
    private final Map<String, List<EventListener>> listeners = new HashMap<>();
    private volatile List<String> routingOrder;
    private volatile String routes = "";
    private long deployments;

    public ApplicationWhiteboard(BundleContext context, RestcommContainer container, List<String> routingOrder)
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
            offer(name, reference, servlet);
        } else if (service instanceof EventListener listener) {
            addListener(name, listener);
        } else {
            LOG.warn("Service {} names SIP application {} but is neither a SipServlet nor a SIP listener; ignored",
                    reference.getProperty("service.id"), name);
        }
        return service;
    }

    /** A new service ranking may change which servlet of its name serves. */
    @Override
    public void modifiedService(ServiceReference<Object> reference, Object service) {
        if (service instanceof SipServlet) {
            serve(String.valueOf(reference.getProperty(SipApplications.APPLICATION)));
        }
    }

    @Override
    public void removedService(ServiceReference<Object> reference, Object service) {
        String name = String.valueOf(reference.getProperty(SipApplications.APPLICATION));
        if (service instanceof SipServlet) {
            withdraw(name, reference);
        } else if (service instanceof EventListener listener) {
            removeListener(name, listener);
        }
        context.ungetService(reference);
    }

    public synchronized void setRoutingOrder(List<String> order) {
        routingOrder = order;
        reroute();
    }

    public synchronized List<HostStatus.Application> applications() {
        List<HostStatus.Application> result = new ArrayList<>();
        for (ApplicationRoutes.Candidate c : ApplicationRoutes.inRoutingOrder(routingOrder, candidates())) {
            Deployed d = deployed.get(c.name());
            result.add(new HostStatus.Application(c.name(), c.methods(), d.bundle(),
                    d.application().activeApplicationSessions()));
        }
        return result;
    }

    public String routes() {
        return routes;
    }

    /** Servlets registered under an application name that do not serve it, and why. */
    public synchronized List<HostStatus.NotDeployed> notDeployed() {
        List<HostStatus.NotDeployed> result = new ArrayList<>();
        offered.forEach((name, servlets) -> {
            Deployed serving = deployed.get(name);
            servlets.keySet().stream().sorted(Comparator.reverseOrder())
                    .filter(r -> serving == null || !serving.reference().equals(r))
                    .forEach(r -> result.add(new HostStatus.NotDeployed(name, bundleName(r), serviceId(r),
                            failed.getOrDefault(r, serving == null ? "not deployed"
                                    : "shadowed by service " + serviceId(serving.reference()) + " of bundle "
                                            + serving.bundle()))));
        });
        return result;
    }

    private synchronized void offer(String name, ServiceReference<Object> reference, SipServlet servlet) {
        offered.computeIfAbsent(name, n -> new HashMap<>()).put(reference, servlet);
        serve(name);
    }

    private synchronized void withdraw(String name, ServiceReference<Object> reference) {
        Map<ServiceReference<Object>, SipServlet> servlets = offered.getOrDefault(name, Map.of());
        servlets.remove(reference);
        failed.remove(reference);
        if (servlets.isEmpty()) {
            offered.remove(name);
        }
        serve(name);
    }

    /**
     * Deploys the best servlet of the name that has not failed, replacing the one serving if that is not it.
     * The container takes one application per name, so the one serving goes first.
     */
    private synchronized void serve(String name) {
        List<ServiceReference<Object>> candidates = offered.getOrDefault(name, Map.of()).keySet().stream()
                .filter(r -> !failed.containsKey(r)).sorted(Comparator.reverseOrder()).toList();
        Deployed serving = deployed.get(name);
        if (serving != null && !candidates.isEmpty() && serving.reference().equals(candidates.get(0))) {
            return;
        }
        if (serving != null) {
            deployed.remove(name);
            reroute();
            container.undeploy(serving.application());
            LOG.info("SIP application {} of bundle {} undeployed", name, serving.bundle());
        }
        for (ServiceReference<Object> candidate : candidates) {
            if (deploy(name, offered.get(name).get(candidate), candidate)) {
                candidates.stream().skip(1).filter(r -> !failed.containsKey(r)).findFirst().ifPresent(
                        shadowed -> LOG.info("SIP application {}: the servlet of bundle {} (service {}) is shadowed "
                                + "by that of bundle {} (service {})", name, bundleName(shadowed),
                                serviceId(shadowed), bundleName(candidate), serviceId(candidate)));
                return;
            }
        }
    }

    private boolean deploy(String name, SipServlet servlet, ServiceReference<Object> reference) {
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
                    new ApplicationRoutes.Candidate(name, methods, deployments++), reference, bundleName(reference)));
            reroute();
            LOG.info("SIP application {} deployed from bundle {}, initial requests {}", name, bundleName(reference),
                    methods);
            return true;
        } catch (Exception e) {
            failed.put(reference, "failed to deploy: " + e);
            LOG.error("SIP application {} of bundle {} could not be deployed", name, bundleName(reference), e);
            return false;
        }
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
        RoutedMethods.set(byMethod.keySet());
        routes = dar;
    }

    private static String bundleName(ServiceReference<?> reference) {
        Bundle bundle = reference.getBundle();
        return bundle == null ? "(unregistered)" : bundle.getSymbolicName();
    }

    private static long serviceId(ServiceReference<?> reference) {
        return (Long) reference.getProperty(Constants.SERVICE_ID);
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
