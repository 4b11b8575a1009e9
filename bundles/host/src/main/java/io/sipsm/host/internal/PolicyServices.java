package io.sipsm.host.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.ServiceFactory;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.HostStatus;
import io.sipsm.host.PolicyScheduler;
import io.sipsm.host.PolicyState;
import io.sipsm.host.internal.policy.PolicyStates;
import io.sipsm.host.internal.policy.BundlePolicyState;
import io.sipsm.host.internal.policy.BundlePolicyScheduler;
import io.sipsm.host.internal.policy.PolicyTimers;

/**
 * Offers policies the host's scheduler and state store, one view per bundle (service factories), and releases
 * a policy's state when its bundle is uninstalled for good.
 *
 * <p>Felix sends STOPPING, STOPPED, UNRESOLVED, UPDATED, RESOLVED, STARTING, STARTED for {@code bundle:update},
 * STOPPED/STARTED for a restart, UNRESOLVED/RESOLVED for a refresh, and UNINSTALLED only when the bundle is gone:
 * that event, with no other installed bundle of the same symbolic name, is the one that releases. Every stop
 * cancels the bundle's timers (the scheduler view is let go), so an uninstalled policy's actions end there.
 *
 * <p>Registered by hand rather than by DS, since each bundle gets its own view; the capabilities say so for the
 * resolver, as DS would have.
 */
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.sipsm.host.PolicyScheduler",
        uses = PolicyScheduler.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.sipsm.host.PolicyState",
        uses = PolicyState.class)
final class PolicyServices implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyServices.class);

    private final BundleContext context;
    private final PolicyTimers timers;
    private final PolicyStates states;
    private final Map<String, BundlePolicyScheduler> schedulers = new ConcurrentHashMap<>();
    private ServiceRegistration<?> schedulerRegistration;
    private ServiceRegistration<?> stateRegistration;

    PolicyServices(BundleContext context, PolicyTimers timers, PolicyStates states) {
        this.context = context;
        this.timers = timers;
        this.states = states;
    }

    void open() {
        context.addBundleListener(this);
        schedulerRegistration = context.registerService(PolicyScheduler.class.getName(),
                new ServiceFactory<PolicyScheduler>() {
                    @Override
                    public PolicyScheduler getService(Bundle bundle, ServiceRegistration<PolicyScheduler> r) {
                        BundlePolicyScheduler scheduler = new BundlePolicyScheduler(timers);
                        BundlePolicyScheduler previous = schedulers.put(owner(bundle), scheduler);
                        if (previous != null) {
                            previous.close();
                        }
                        return scheduler;
                    }

                    @Override
                    public void ungetService(Bundle bundle, ServiceRegistration<PolicyScheduler> r,
                            PolicyScheduler service) {
                        ((BundlePolicyScheduler) service).close();
                        schedulers.remove(owner(bundle), service);
                    }
                }, null);
        stateRegistration = context.registerService(PolicyState.class.getName(), new ServiceFactory<PolicyState>() {
            @Override
            public PolicyState getService(Bundle bundle, ServiceRegistration<PolicyState> r) {
                return new BundlePolicyState(states, owner(bundle));
            }

            @Override
            public void ungetService(Bundle bundle, ServiceRegistration<PolicyState> r, PolicyState service) {
                // The records stay for the bundle's next revision; only an uninstall releases them.
            }
        }, null);
    }

    void close() {
        context.removeBundleListener(this);
        unregister(schedulerRegistration);
        unregister(stateRegistration);
        schedulers.values().forEach(BundlePolicyScheduler::close);
        schedulers.clear();
        states.clear();
    }

    private static void unregister(ServiceRegistration<?> registration) {
        try {
            if (registration != null) {
                registration.unregister();
            }
        } catch (IllegalStateException alreadyGone) {
            // The framework unregisters a stopping bundle's services itself.
        }
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() != BundleEvent.UNINSTALLED) {
            return;
        }
        String owner = owner(event.getBundle());
        boolean another = Arrays.stream(context.getBundles())
                .anyMatch(b -> b != event.getBundle() && owner.equals(b.getSymbolicName())
                        && b.getState() != Bundle.UNINSTALLED);
        if (!another && states.figures().stream().anyMatch(f -> f.owner().equals(owner))) {
            states.release(owner);
            LOG.info("Policy {} uninstalled: the state it kept of calls in progress is released", owner);
        }
    }

    List<HostStatus.Policy> figures() {
        Map<String, HostStatus.Policy> all = new java.util.TreeMap<>();
        states.figures().forEach(f -> all.put(f.owner(), new HostStatus.Policy(f.owner(), f.legs(), f.records(), 0)));
        schedulers.forEach((owner, scheduler) -> all.merge(owner, new HostStatus.Policy(owner, 0, 0,
                scheduler.pending()), (a, b) -> new HostStatus.Policy(owner, a.legs(), a.records(), b.timers())));
        return List.copyOf(all.values());
    }

    private static String owner(Bundle bundle) {
        String name = bundle.getSymbolicName();
        return name == null ? "bundle-" + bundle.getBundleId() : name;
    }
}
