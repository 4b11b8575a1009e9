package io.sipsm.metrics.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * Every {@link MetricSource} registered now, by name: the one place the endpoint, the MBeans and the shell read
 * figures from, so that they show the same values.
 */
@Component(service = MetricsCollector.class)
public class MetricsCollector {

    private static final Logger LOG = LoggerFactory.getLogger(MetricsCollector.class);

    /** Sources by name, then service id: a stable order for every reader. */
    private final Map<String, MetricSource> sources = new ConcurrentSkipListMap<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addSource(MetricSource source, Map<String, Object> properties) {
        sources.put(key(properties), source);
    }

    void removeSource(MetricSource source, Map<String, Object> properties) {
        sources.remove(key(properties), source);
    }

    /** The name a source registered under ({@link MetricSource#SOURCE}), or {@code unnamed}. */
    static String name(Map<String, Object> properties) {
        Object name = properties.get(MetricSource.SOURCE);
        return name == null ? "unnamed" : name.toString();
    }

    private static String key(Map<String, Object> properties) {
        return name(properties) + "#" + properties.get("service.id");
    }

    /** Each source's name with its figures now; a source that fails is left out and logged at DEBUG. */
    public Map<String, List<Metric>> bySource() {
        Map<String, List<Metric>> figures = new java.util.LinkedHashMap<>();
        sources.forEach((key, source) -> {
            List<Metric> metrics = read(key, source);
            figures.computeIfAbsent(key.substring(0, key.lastIndexOf('#')), k -> new ArrayList<>()).addAll(metrics);
        });
        return figures;
    }

    /** Every figure now, source after source. */
    public List<Metric> all() {
        List<Metric> all = new ArrayList<>();
        bySource().values().forEach(all::addAll);
        return all;
    }

    static List<Metric> read(String name, MetricSource source) {
        try {
            return source.metrics();
        } catch (RuntimeException e) {
            // A source whose bundle is stopping may fail while it goes: its figures are simply absent this time.
            LOG.debug("metric source {} failed: {}", name, e.toString());
            return List.of();
        }
    }
}
