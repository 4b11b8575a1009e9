package io.sipsm.metrics.internal;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Component;

import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/** The JVM's heap and garbage collections, read from the platform MXBeans at each scrape. */
@Component(property = MetricSource.SOURCE + "=jvm")
public class JvmMetrics implements MetricSource {

    @Override
    public List<Metric> metrics() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        List<Metric> metrics = new ArrayList<>();
        metrics.add(Metric.gauge("sipsm_jvm_heap_used_bytes", "Heap in use now", Map.of(), heap.getUsed()));
        metrics.add(Metric.gauge("sipsm_jvm_heap_committed_bytes", "Heap the JVM holds from the system now",
                Map.of(), heap.getCommitted()));
        metrics.add(Metric.gauge("sipsm_jvm_heap_max_bytes", "Largest heap the JVM may use (-Xmx)", Map.of(),
                heap.getMax()));
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            Map<String, String> collector = Map.of("collector", gc.getName());
            metrics.add(Metric.counter("sipsm_jvm_gc_collections_total", "Garbage collections run", collector,
                    Math.max(0, gc.getCollectionCount())));
            metrics.add(Metric.counter("sipsm_jvm_gc_collection_seconds_total",
                    "Time spent in garbage collections (pauses and concurrent work)", collector,
                    Math.max(0, gc.getCollectionTime()) / 1000.0));
        }
        return metrics;
    }
}
