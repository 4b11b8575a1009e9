package io.sipsm.health.internal;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.felix.hc.api.FormattingResultLog;
import org.apache.felix.hc.api.HealthCheck;
import org.apache.felix.hc.api.Result;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Cluster membership where Apache Karaf Cellar runs (feature sipsm-cluster): OK with other nodes in the cluster,
 * WARN when this node is alone in it; OK "not clustered" where Cellar does not run. Cellar is looked up by name and
 * read by reflection, as the host looks up Karaf's boot service: this bundle does not import Cellar's packages,
 * which most installations do not have.
 */
@Component(service = HealthCheck.class, property = {
        HealthCheck.NAME + "=" + ClusterCheck.NAME,
        HealthCheck.TAGS + "=" + HealthTags.SYSTEM_READY,
        HealthCheck.MBEAN_NAME + "=sipsm-" + ClusterCheck.NAME})
public class ClusterCheck implements HealthCheck {

    static final String NAME = "cluster";
    static final String CLUSTER_MANAGER = "org.apache.karaf.cellar.core.ClusterManager";
    static final String NODE = "org.apache.karaf.cellar.core.Node";

    /** The cluster as Cellar sees it: this node's id and every member's, this one included. */
    record Membership(String local, List<String> nodes) {
    }

    private final BundleContext context;

    @Activate
    public ClusterCheck(BundleContext context) {
        this.context = context;
    }

    @Override
    public Result execute() {
        ServiceReference<?> reference = clusterManager();
        if (reference == null) {
            return judge(null);
        }
        Object manager = context.getService(reference);
        if (manager == null) {
            return judge(null);
        }
        try {
            return judge(read(reference, manager));
        } catch (ReflectiveOperationException | RuntimeException e) {
            FormattingResultLog log = new FormattingResultLog();
            log.healthCheckError("Cellar's cluster manager could not be read: {}", e.toString());
            return new Result(log);
        } finally {
            context.ungetService(reference);
        }
    }

    private ServiceReference<?> clusterManager() {
        try {
            ServiceReference<?>[] found = context.getAllServiceReferences(CLUSTER_MANAGER, null);
            return found == null || found.length == 0 ? null : found[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Through Cellar's interfaces, loaded by the bundle that registered the service. */
    private static Membership read(ServiceReference<?> reference, Object manager) throws ReflectiveOperationException {
        return read(reference.getBundle().loadClass(CLUSTER_MANAGER), reference.getBundle().loadClass(NODE), manager);
    }

    /** {@code managerType.getNode()} and {@code listNodes()}, each node by {@code nodeType.getId()}. */
    static Membership read(Class<?> managerType, Class<?> nodeType, Object manager)
            throws ReflectiveOperationException {
        Method id = nodeType.getMethod("getId");
        Object local = managerType.getMethod("getNode").invoke(manager);
        List<String> nodes = new ArrayList<>();
        for (Object node : (Collection<?>) managerType.getMethod("listNodes").invoke(manager)) {
            nodes.add(String.valueOf(id.invoke(node)));
        }
        nodes.sort(null);
        return new Membership(local == null ? "?" : String.valueOf(id.invoke(local)), nodes);
    }

    /** @param membership null where Cellar does not run */
    static Result judge(Membership membership) {
        FormattingResultLog log = new FormattingResultLog();
        if (membership == null) {
            log.info("Not clustered (Apache Karaf Cellar is not running)");
        } else if (membership.nodes().size() < 2) {
            log.warn("Alone in the cluster: node {} sees no other node; nothing is replicated to or from it",
                    membership.local());
        } else {
            log.info("{} nodes in the cluster: {} (this node {})", membership.nodes().size(),
                    String.join(", ", membership.nodes()), membership.local());
        }
        return new Result(log);
    }
}
