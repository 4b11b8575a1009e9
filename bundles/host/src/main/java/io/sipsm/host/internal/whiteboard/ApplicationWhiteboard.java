package io.sipsm.host.internal.whiteboard;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EventListener;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

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
import io.sipsm.host.internal.container.ContextNames;
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
 *
 * <p>A servlet that stops serving (its bundle updated, stopped or uninstalled, or a higher-ranked one taking its
 * name) while it still has calls is not undeployed: as JSR 289 containers do, it stays deployed beside the next
 * version under a context name of its own ({@link ContextNames}), keeps serving its calls (in-dialog requests,
 * timers, its own listeners) while new initial requests go to the next version, and is undeployed once its last
 * application session has ended, or at once when forced ({@link #forceUndeploy}). Its instance stays the one its
 * bundle gave, and its classes stay loadable after the bundle's update ({@link ApplicationClasses}).
 */
public final class ApplicationWhiteboard extends ServiceTracker<Object, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationWhiteboard.class);

    private record Deployed(DeployedApplication application, ApplicationRoutes.Candidate route,
            ServiceReference<Object> reference, String bundle, long bundleId, String bundleVersion, int version) {

        String name() {
            return route.name();
        }
    }

    /** How long the calls of a version undeployed by force have to end before the container forgets them. */
    private static final long FORCED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final String FORCED_REASON = "application version undeployed";

    private final RestcommContainer container;
    private final Map<String, Deployed> deployed = new LinkedHashMap<>();
    /** Every servlet registered under each name, the one deployed among them. */
    private final Map<String, Map<ServiceReference<Object>, SipServlet>> offered = new HashMap<>();
    /** Why each servlet that failed to deploy did. */
    private final Map<ServiceReference<Object>, String> failed = new HashMap<>();
    private final Map<String, List<EventListener>> listeners = new HashMap<>();
    /** The bundle that registered each listener service: an application's own listeners stay with its calls. */
    private final Map<EventListener, Long> listenerBundles = new HashMap<>();
    /** Versions that no longer take new calls and stay deployed for the calls they have, oldest first. */
    private final List<Deployed> retiring = new ArrayList<>();
    /** Retiring versions undeployed by force: when the container forgets what is left of their calls. */
    private final Map<Deployed, Long> forcedDeadlines = new HashMap<>();
    private final Map<String, Integer> lastVersion = new HashMap<>();
    private final ScheduledExecutorService retirement = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "sipsm-application-retirement");
        thread.setDaemon(true);
        return thread;
    });
    private boolean closing;
    private volatile List<String> routingOrder;
    private volatile String routes = "";
    private long deployments;

    public ApplicationWhiteboard(BundleContext context, RestcommContainer container, List<String> routingOrder)
            throws InvalidSyntaxException {
        super(context, FrameworkUtil.createFilter("(" + SipApplications.APPLICATION + "=*)"), null);
        this.container = container;
        this.routingOrder = routingOrder;
        retirement.scheduleWithFixedDelay(() -> {
            try {
                releaseEnded();
            } catch (RuntimeException e) {
                // A periodic task that throws is never run again: older versions would stay for ever.
                LOG.warn("Releasing older versions of SIP applications failed; trying again in a second", e);
            }
        }, 1, 1, TimeUnit.SECONDS);
    }

    /** Undeploys everything at once, older versions with their calls: the container stops. */
    @Override
    public void close() {
        synchronized (this) {
            closing = true;
        }
        super.close();
        retirement.shutdownNow();
        synchronized (this) {
            new ArrayList<>(retiring).forEach(this::undeployNow);
        }
    }

    @Override
    public Object addingService(ServiceReference<Object> reference) {
        Object service = context.getService(reference);
        String name = String.valueOf(reference.getProperty(SipApplications.APPLICATION));
        if (service instanceof SipServlet servlet) {
            offer(name, reference, servlet);
        } else if (service instanceof EventListener listener) {
            addListener(name, listener, reference.getBundle());
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

    /** Every version deployed: the serving ones in routing order, each followed by its older ones, newest first. */
    public synchronized List<HostStatus.ApplicationVersion> versions() {
        List<HostStatus.ApplicationVersion> result = new ArrayList<>();
        List<String> names = new ArrayList<>();
        ApplicationRoutes.inRoutingOrder(routingOrder, candidates()).forEach(c -> names.add(c.name()));
        retiring.stream().map(Deployed::name).filter(n -> !names.contains(n)).distinct().forEach(names::add);
        for (String name : names) {
            Deployed serving = deployed.get(name);
            if (serving != null) {
                result.add(version(serving, true));
            }
            retiring.stream().filter(d -> d.name().equals(name))
                    .sorted(Comparator.comparingInt(Deployed::version).reversed())
                    .forEach(d -> result.add(version(d, false)));
        }
        return result;
    }

    private static HostStatus.ApplicationVersion version(Deployed d, boolean serving) {
        return new HostStatus.ApplicationVersion(d.name(), d.version(), d.bundle() + " " + d.bundleVersion(), serving,
                d.application().activeApplicationSessions());
    }

    /**
     * Ends the calls of the older versions of the application on every leg and undeploys those versions once the
     * calls are gone, at most {@link #FORCED_GRACE_NANOS} later.
     */
    public synchronized HostStatus.ForcedUndeploy forceUndeploy(String name) {
        int versions = 0;
        int calls = 0;
        for (Deployed d : retiring) {
            if (d.name().equals(name) && !forcedDeadlines.containsKey(d)) {
                versions++;
                int ended = container.endCalls(d.application(), 503, FORCED_REASON);
                calls += ended;
                forcedDeadlines.put(d, System.nanoTime() + FORCED_GRACE_NANOS);
                LOG.info("SIP application {} version {} of bundle {} undeployed by force: {} calls ended on every leg",
                        name, d.version(), d.bundle(), ended);
            }
        }
        reroute();
        releaseEnded();
        return new HostStatus.ForcedUndeploy(name, versions, calls);
    }

    /** Undeploys the older versions whose last call has ended, and those forced whose grace has passed. */
    private synchronized void releaseEnded() {
        long now = System.nanoTime();
        for (Deployed d : new ArrayList<>(retiring)) {
            Long deadline = forcedDeadlines.get(d);
            if (d.application().activeApplicationSessions() == 0 || (deadline != null && now - deadline >= 0)) {
                undeployNow(d);
            }
        }
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
     * Deploys the best servlet of the name that has not failed, in place of the one serving if that is not it.
     * The one serving stops taking new calls and stays for the calls it has; when it is the best again (a
     * higher-ranked one went) it takes new calls again.
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
            retire(serving);
            reroute();
        }
        for (ServiceReference<Object> candidate : candidates) {
            if (serveAgain(name, candidate) || deploy(name, offered.get(name).get(candidate), candidate)) {
                candidates.stream().skip(1).filter(r -> !failed.containsKey(r)).findFirst().ifPresent(
                        shadowed -> LOG.info("SIP application {}: the servlet of bundle {} (service {}) is shadowed "
                                + "by that of bundle {} (service {})", name, bundleName(shadowed),
                                serviceId(shadowed), bundleName(candidate), serviceId(candidate)));
                return;
            }
        }
    }

    /** A version still deployed for its calls whose servlet is the best again takes new calls again. */
    private boolean serveAgain(String name, ServiceReference<Object> candidate) {
        for (Deployed d : retiring) {
            if (d.reference().equals(candidate) && !forcedDeadlines.containsKey(d)) {
                retiring.remove(d);
                deployed.put(name, d);
                reroute();
                LOG.info("SIP application {} version {} of bundle {} takes new calls again", name, d.version(),
                        d.bundle());
                return true;
            }
        }
        return false;
    }

    /** Undeploys a version that no longer takes new calls, or keeps it until its calls have ended. */
    private void retire(Deployed version) {
        int calls = version.application().activeApplicationSessions();
        if (closing || calls == 0) {
            undeployNow(version);
            return;
        }
        retiring.add(version);
        LOG.info("SIP application {} version {} of bundle {} takes no new calls and stays deployed for its {} calls "
                + "until they end (sipsm:undeploy --force {} ends them now)", version.name(), version.version(),
                version.bundle(), calls, version.name());
    }

    private void undeployNow(Deployed version) {
        retiring.remove(version);
        forcedDeadlines.remove(version);
        if (!closing) {
            reroute();
        }
        container.undeploy(version.application());
        ContextNames.INSTANCE.remove(version.application().name());
        LOG.info("SIP application {} version {} of bundle {} undeployed", version.name(), version.version(),
                version.bundle());
    }

    private boolean deploy(String name, SipServlet servlet, ServiceReference<Object> reference) {
        String context = ContextNames.free(name, this::contextTaken);
        ContextNames.INSTANCE.add(context, name);
        try {
            Bundle bundle = reference.getBundle();
            DeployedApplication application = container.deploy(context, servlet, bundle);
            for (EventListener listener : listenersOf(name)) {
                application.listeners().add(listener);
            }
            for (EventListener listener : listenersOf(SipApplications.ALL)) {
                application.listeners().add(listener);
            }
            List<String> methods = methods(reference.getProperty(SipApplications.METHODS));
            int version = lastVersion.merge(name, 1, Integer::sum);
            deployed.put(name, new Deployed(application,
                    new ApplicationRoutes.Candidate(name, context, methods, deployments++), reference,
                    bundleName(reference), bundle.getBundleId(), bundle.getVersion().toString(), version));
            reroute();
            // "SIP application NAME deployed" is what scripts wait for (cluster.sh, the benchmarks): keep it whole.
            LOG.info("SIP application {} deployed, version {} from bundle {}, initial requests {}{}", name, version,
                    bundleName(reference), methods, context.equals(name) ? "" : " (context " + context + ")");
            return true;
        } catch (Exception e) {
            ContextNames.INSTANCE.remove(context);
            failed.put(reference, "failed to deploy: " + e);
            LOG.error("SIP application {} of bundle {} could not be deployed", name, bundleName(reference), e);
            return false;
        }
    }

    private boolean contextTaken(String context) {
        return deployed.values().stream().anyMatch(d -> d.application().name().equals(context))
                || retiring.stream().anyMatch(d -> d.application().name().equals(context));
    }

    private synchronized void addListener(String name, EventListener listener, Bundle bundle) {
        if (SipApplications.ALL.equals(name) && listener instanceof TimerListener) {
            LOG.warn("A TimerListener belongs to one application (JSR 289); {} names every application and is "
                    + "ignored", listener.getClass().getName());
            return;
        }
        listenersOf(name).add(listener);
        if (bundle != null) {
            listenerBundles.put(listener, bundle.getBundleId());
        }
        List<Deployed> targets = new ArrayList<>(deployed.values());
        if (SipApplications.ALL.equals(name)) {
            targets.addAll(retiring);
        }
        targets.stream().filter(d -> SipApplications.ALL.equals(name) || d.name().equals(name))
                .forEach(d -> d.application().listeners().add(listener));
    }

    /**
     * Takes the listener from every version it joined, except from a version of its own bundle that keeps its
     * calls (or is about to: its bundle stops): an application's listeners go on serving its calls.
     */
    private synchronized void removeListener(String name, EventListener listener) {
        listenersOf(name).remove(listener);
        Long bundleId = listenerBundles.remove(listener);
        List<Deployed> versions = new ArrayList<>(deployed.values());
        versions.addAll(retiring);
        for (Deployed d : versions) {
            if ((SipApplications.ALL.equals(name) || d.name().equals(name)) && !keepsOwn(d, bundleId)) {
                d.application().listeners().remove(listener);
            }
        }
    }

    private boolean keepsOwn(Deployed version, Long listenerBundle) {
        if (listenerBundle == null || version.bundleId() != listenerBundle) {
            return false;
        }
        Bundle bundle = context.getBundle(listenerBundle);
        return retiring.contains(version) || bundle == null || bundle.getState() == Bundle.STOPPING;
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
        RoutedMethods.setPaused(retiring.stream().filter(d -> !forcedDeadlines.containsKey(d))
                .flatMap(d -> d.route().methods().stream()).map(m -> m.trim().toUpperCase(Locale.ROOT))
                .filter(m -> !byMethod.containsKey(m)).collect(Collectors.toSet()));
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
