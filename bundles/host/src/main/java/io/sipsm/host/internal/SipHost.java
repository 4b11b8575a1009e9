package io.sipsm.host.internal;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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

import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.TransactionTimers;

/**
 * The SIP-servlet host: runs the container while the bundle is active, deploys whiteboard applications into
 * it, passes messages through the interceptors, and offers the transaction timers, the host status and the
 * admission-control counters ({@link OverloadValve}).
 */
@Component(configurationPid = SipHost.PID, service = {TransactionTimers.class, HostStatus.class,
        PolicyScheduler.class, OverloadStatus.class}, immediate = true)
@Designate(ocd = HostConfig.class)
public class SipHost implements TransactionTimers, HostStatus, PolicyScheduler, OverloadStatus {

    /** Configuration PID of the host. */
    public static final String PID = "io.sipsm.host";

    private static final Logger LOG = LoggerFactory.getLogger(SipHost.class);

    private final BundleContext bundleContext;
    private final RestcommContainer container;
    private final PolicyTimers policyTimers = new PolicyTimers();
    private volatile HostConfig config;
    private ApplicationWhiteboard whiteboard;

    @Activate
    public SipHost(BundleContext bundleContext, HostConfig config, Map<String, Object> properties) throws Exception {
        this.bundleContext = bundleContext;
        this.config = config;
        // Raw properties: a bad overload value is refused by key, not thrown by a typed accessor.
        OverloadControl.INSTANCE.configure(properties);
        File base = bundleContext.getDataFile("container");
        this.container = new RestcommContainer(base, SipHost.class.getClassLoader());
        start(config);
    }

    @Modified
    void modified(HostConfig next, Map<String, Object> properties) throws Exception {
        HostConfig previous = config;
        config = next;
        OverloadControl.INSTANCE.configure(properties);
        if (!endpoint(previous).equals(endpoint(next)) || previous.stack_threads() != next.stack_threads()) {
            LOG.info("SIP connector moves from {} to {}: restarting the container", endpoint(previous), endpoint(next));
            TransactionTimers.Values timers = container.timers();
            stop();
            start(next);
            container.applyTimers(timers);
        } else if (!routingOrder(previous).equals(routingOrder(next))) {
            whiteboard.setRoutingOrder(routingOrder(next));
        }
    }

    @Deactivate
    void deactivate() {
        stop();
        policyTimers.close();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addInterceptor(SipMessageInterceptor interceptor, Map<String, Object> properties) {
        InterceptorChain.INSTANCE.add(interceptor, ranking(properties), (Long) properties.get(Constants.SERVICE_ID));
    }

    void removeInterceptor(SipMessageInterceptor interceptor) {
        InterceptorChain.INSTANCE.remove(interceptor);
    }

    private void start(HostConfig c) throws Exception {
        container.start(endpoint(c), c.stack_threads());
        try {
            whiteboard = new ApplicationWhiteboard(bundleContext, container, routingOrder(c));
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

    private static RestcommContainer.Endpoint endpoint(HostConfig c) {
        return new RestcommContainer.Endpoint(c.address(), c.port(), c.transport());
    }

    /** The names in order; a cfg file gives them as one comma-separated value. */
    static List<String> routingOrder(HostConfig c) {
        return Arrays.stream(c.routing_order()).flatMap(v -> Arrays.stream(v.split(","))).map(String::trim)
                .filter(name -> !name.isEmpty()).toList();
    }

    private static int ranking(Map<String, Object> properties) {
        return properties.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    @Override
    public Scheduled schedule(java.time.Duration delay, Runnable task) {
        return policyTimers.schedule(delay, task);
    }

    @Override
    public Snapshot overload() {
        return OverloadControl.INSTANCE.snapshot();
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
    public String endpoint() {
        return endpoint(config).toString();
    }

    @Override
    public List<Application> applications() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? List.of() : current.applications();
    }

    @Override
    public String routes() {
        ApplicationWhiteboard current = whiteboard;
        return current == null ? "" : current.routes();
    }

    @Override
    public List<NetworkFault> networkFaults() {
        return NetworkFaults.INSTANCE.snapshot();
    }
}
