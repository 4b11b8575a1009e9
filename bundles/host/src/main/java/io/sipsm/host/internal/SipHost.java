package io.sipsm.host.internal;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.HostDrain;
import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;
import io.sipsm.host.RefusedCallListener;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.TransactionTimers;
import io.sipsm.host.internal.admission.OverloadControl;
import io.sipsm.host.internal.container.InterceptorChain;
import io.sipsm.host.internal.container.RestcommContainer;
import io.sipsm.host.internal.settings.SettingReader;
import io.sipsm.host.internal.sip.NetworkFaults;
import io.sipsm.host.internal.whiteboard.ApplicationWhiteboard;
import io.sipsm.host.internal.admission.InputLimits;
import io.sipsm.host.internal.policy.PolicyStates;
import io.sipsm.host.internal.policy.PolicyTimers;
import io.sipsm.host.internal.refusals.RefusalReports;

/**
 * The SIP-servlet host: runs the container while the bundle is active, deploys whiteboard applications into
 * it, passes messages through the interceptors, and offers the transaction timers, the host status and the
 * admission-control counters ({@link OverloadValve}).
 */
@Component(configurationPid = SipHost.PID, service = {TransactionTimers.class, HostStatus.class,
        OverloadStatus.class, HostDrain.class}, immediate = true)
@Designate(ocd = HostConfig.class)
public class SipHost implements TransactionTimers, HostStatus, OverloadStatus, HostDrain {

    /** Configuration PID of the host. */
    public static final String PID = "io.sipsm.host";

    private static final Logger LOG = LoggerFactory.getLogger(SipHost.class);

    private final BundleContext bundleContext;
    private final RestcommContainer container;
    private final PolicyTimers policyTimers = new PolicyTimers();
    /** The policies' scheduler and state, one view per policy bundle; see {@link PolicyServices}. */
    private final PolicyServices policies;
    private volatile HostSettings settings;
    /** The properties of the last configuration seen, to tell what an edit changed. */
    private Map<String, Object> stored;
    /** The values of the stored configuration that are not in force. */
    private volatile List<RefusedSetting> refusedSettings;
    private ApplicationWhiteboard whiteboard;
    private final BootReadiness boot;

    /** Refused values take the defaults here: there is nothing earlier to keep. */
    @Activate
    public SipHost(BundleContext bundleContext, Map<String, Object> properties) throws Exception {
        this.bundleContext = bundleContext;
        HostSettings.Reading reading = HostSettings.read(properties, HostSettings.DEFAULTS);
        report(reading.refusals(), reading.warnings(), "it takes its default");
        this.settings = reading.settings();
        this.stored = Map.copyOf(properties);
        this.refusedSettings = refused(reading.refusals(), List.of());
        OverloadControl.INSTANCE.configure(settings.overload());
        InputLimits.INSTANCE.configure(settings.limits());
        this.boot = BootReadiness.watch(bundleContext, OverloadControl.INSTANCE::booted);
        RefusalReports.INSTANCE.start(bundleContext.getBundle().getSymbolicName());
        File base = bundleContext.getDataFile("container");
        this.container = new RestcommContainer(base, SipHost.class.getClassLoader());
        start(settings);
        this.policies = new PolicyServices(bundleContext, policyTimers, PolicyStates.INSTANCE);
        policies.open();
    }

    /**
     * Validates the whole configuration before anything changes. An edit that brings a bad value is refused
     * whole, naming key, value and reason, and the last good settings stay. A bad value refused earlier and
     * left stored does not block later edits of other keys: its key keeps its last good value and the log
     * says how to remove it. A connector that cannot start on a new endpoint starts again on the previous one.
     */
    @Modified
    void modified(Map<String, Object> properties) throws Exception {
        HostSettings previous = settings;
        HostSettings.Reading reading = HostSettings.read(properties, previous);
        Map<String, Object> before = stored;
        stored = Map.copyOf(properties);
        List<SettingReader.Refusal> brought = reading.refusals().stream()
                .filter(refusal -> !Objects.deepEquals(before.get(refusal.key()), properties.get(refusal.key())))
                .toList();
        HostSettings next = reading.settings();
        if (brought.isEmpty() && !previous.endpoint().equals(next.endpoint()) && !bindable(next.endpoint())) {
            brought = List.of(new SettingReader.Refusal(HostSettings.PORT, next.port(),
                    next.endpoint() + " is in use or cannot be bound"));
        }
        refusedSettings = refused(reading.refusals(), brought);
        if (!brought.isEmpty()) {
            report(brought, List.of(), "the edit is refused and the host keeps " + previous);
            return;
        }
        report(reading.refusals(), reading.warnings(),
                "it was refused before and keeps its last good value while the other keys apply");
        OverloadControl.INSTANCE.configure(next.overload());
        InputLimits.INSTANCE.configure(next.limits());
        if (!previous.limits().equals(next.limits())) {
            LOG.info("{}: limits on what arrives now {}", PID, next.limits());
        }
        if (previous.restartNeeded(next)) {
            LOG.info("SIP connector moves from {} to {}: restarting the container", previous.endpoint(),
                    next.endpoint());
            TransactionTimers.Values timers = container.timers();
            stop();
            try {
                start(next);
                settings = next;
            } catch (Exception | LinkageError e) {
                LOG.error("{}: the SIP container could not start on {} with {} stack threads ({}); it starts again "
                        + "on {}", PID, next.endpoint(), next.stackThreads(), e.toString(), previous.endpoint());
                HostSettings kept = new HostSettings(previous.address(), previous.port(), previous.transport(),
                        next.routingOrder(), previous.stackThreads(), next.overload(), next.limits());
                start(kept);
                settings = kept;
            }
            container.applyTimers(timers);
        } else {
            settings = next;
            if (!previous.routingOrder().equals(next.routingOrder())) {
                whiteboard.setRoutingOrder(next.routingOrder());
            }
        }
    }

    /** The stored values not in force: those refused now, with any the edit brought that are not among them. */
    private static List<RefusedSetting> refused(List<SettingReader.Refusal> stale, List<SettingReader.Refusal> brought) {
        java.util.Map<String, RefusedSetting> byKey = new java.util.LinkedHashMap<>();
        for (SettingReader.Refusal refusal : stale) {
            byKey.put(refusal.key(), new RefusedSetting(refusal.key(), String.valueOf(refusal.value()), refusal.reason()));
        }
        for (SettingReader.Refusal refusal : brought) {
            byKey.put(refusal.key(), new RefusedSetting(refusal.key(), String.valueOf(refusal.value()), refusal.reason()));
        }
        return List.copyOf(byKey.values());
    }

    /** Logs each refused value with its key, the consequence, and how to remove it; then the warnings. */
    private static void report(List<SettingReader.Refusal> refusals, List<String> warnings, String consequence) {
        for (SettingReader.Refusal refused : refusals) {
            LOG.error("{}: {}; {} (the value stays stored until replaced or removed: config:property-delete -p {} {})",
                    PID, refused, consequence, PID, refused.key());
        }
        warnings.forEach(warning -> LOG.warn("{}: {}", PID, warning));
    }

    /**
     * Whether the endpoint can be bound now: the container does not fail when its connector cannot bind, it runs
     * on nothing, so a port another process holds is found before the running connector is given up.
     */
    private static boolean bindable(RestcommContainer.Endpoint endpoint) {
        InetSocketAddress address = new InetSocketAddress(endpoint.address(), endpoint.port());
        try (java.io.Closeable socket = "tcp".equals(endpoint.transport()) ? new ServerSocket() : new DatagramSocket(null)) {
            if (socket instanceof ServerSocket tcp) {
                tcp.setReuseAddress(true);
                tcp.bind(address);
            } else {
                ((DatagramSocket) socket).bind(address);
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Deactivate
    void deactivate() {
        policies.close();
        stop();
        RefusalReports.INSTANCE.stop();
        boot.close();
        policyTimers.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInterceptor(SipMessageInterceptor interceptor, Map<String, Object> properties) {
        InterceptorChain.INSTANCE.add(interceptor, ranking(properties), (Long) properties.get(Constants.SERVICE_ID),
                bundleName(properties));
    }

    void removeInterceptor(SipMessageInterceptor interceptor) {
        InterceptorChain.INSTANCE.remove(interceptor);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRefusedCallListener(RefusedCallListener listener) {
        RefusalReports.INSTANCE.add(listener);
    }

    void removeRefusedCallListener(RefusedCallListener listener) {
        RefusalReports.INSTANCE.remove(listener);
    }

    /** The symbolic name of the bundle that registered a service, from its {@code service.bundleid}. */
    private String bundleName(Map<String, Object> properties) {
        Bundle owner = properties.get(Constants.SERVICE_BUNDLEID) instanceof Long id ? bundleContext.getBundle(id)
                : null;
        return owner == null ? null : owner.getSymbolicName();
    }

    private void start(HostSettings s) throws Exception {
        container.start(s.endpoint(), s.stackThreads());
        try {
            whiteboard = new ApplicationWhiteboard(bundleContext, container, s.routingOrder());
            whiteboard.open();
        } catch (Exception | LinkageError e) {
            container.stop();
            throw e;
        }
    }

    private void stop() {
        if (whiteboard != null) {
            whiteboard.close();
            whiteboard = null;
        }
        container.stop();
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    @Override
    public Snapshot overload() {
        return OverloadControl.INSTANCE.snapshot();
    }

    @Override
    public Intake intake() {
        return OverloadControl.INSTANCE.intake();
    }

    @Override
    public Values current() {
        return container.timers();
    }

    @Override
    public void apply(Values values) {
        container.applyTimers(Objects.requireNonNull(values));
    }

    @Override
    public void resendOn(List<java.time.Duration> waits) {
        RestcommContainer.resendOn(waits);
    }

    @Override
    public List<java.time.Duration> resendList() {
        return RestcommContainer.resendList();
    }

    @Override
    public String endpoint() {
        return settings.endpoint().toString();
    }

    @Override
    public List<Application> applications() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? List.of() : current.applications();
    }

    @Override
    public List<ApplicationVersion> versions() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? List.of() : current.versions();
    }

    @Override
    public ForcedUndeploy forceUndeploy(String name) {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? new ForcedUndeploy(name, 0, 0) : current.forceUndeploy(name);
    }

    @Override
    public void drain() {
        OverloadControl.INSTANCE.drain(true);
    }

    @Override
    public void resume() {
        OverloadControl.INSTANCE.drain(false);
    }

    @Override
    public boolean draining() {
        return OverloadControl.INSTANCE.draining();
    }

    @Override
    public List<RefusedSetting> refusedSettings() {
        return refusedSettings;
    }

    @Override
    public List<NotDeployed> notDeployed() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? List.of() : current.notDeployed();
    }

    @Override
    public String routes() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? "" : current.routes();
    }

    @Override
    public List<Policy> policies() {
        return policies.figures();
    }

    @Override
    public List<NetworkFault> networkFaults() {
        return NetworkFaults.INSTANCE.snapshot();
    }
}
