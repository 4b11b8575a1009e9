package io.sipsm.metrics.internal;

import java.util.Hashtable;

import javax.management.DynamicMBean;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.util.tracker.ServiceTracker;

import io.sipsm.metrics.MetricSource;

/**
 * Registers each {@link MetricSource} as an MBean the Karaf way: a {@link DynamicMBean} service with the property
 * {@code jmx.objectname = io.sipsm:type=Metrics,source=<name>}, which Karaf's JMX whiteboard puts into its MBean
 * server (and so behind its RMI connector and role checks). The MBean goes with its source.
 */
@Component(service = {}, immediate = true)
public class MBeanPublisher {

    /** The domain and type every sipsm MBean is named under. */
    static final String OBJECT_NAME = "io.sipsm:type=Metrics,source=";

    private final ServiceTracker<MetricSource, ServiceRegistration<DynamicMBean>> tracker;

    @Activate
    public MBeanPublisher(BundleContext context) {
        tracker = new ServiceTracker<MetricSource, ServiceRegistration<DynamicMBean>>(context, MetricSource.class,
                null) {
            @Override
            public ServiceRegistration<DynamicMBean> addingService(ServiceReference<MetricSource> reference) {
                MetricSource source = context.getService(reference);
                if (source == null) {
                    return null;
                }
                Object named = reference.getProperty(MetricSource.SOURCE);
                String name = named == null ? "unnamed" : named.toString();
                Hashtable<String, Object> properties = new Hashtable<>();
                // Characters an object name would need quoted are not part of a source's name.
                properties.put("jmx.objectname", OBJECT_NAME + name.replaceAll("[^A-Za-z0-9_.-]", "_"));
                return context.registerService(DynamicMBean.class, new MetricMBean(name, source), properties);
            }

            @Override
            public void removedService(ServiceReference<MetricSource> reference,
                    ServiceRegistration<DynamicMBean> registration) {
                try {
                    registration.unregister();
                } catch (IllegalStateException alreadyGone) {
                    // unregistered with this bundle
                }
                context.ungetService(reference);
            }
        };
        tracker.open();
    }

    @Deactivate
    void deactivate() {
        tracker.close();
    }
}
