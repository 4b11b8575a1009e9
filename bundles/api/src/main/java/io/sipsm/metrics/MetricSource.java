package io.sipsm.metrics;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A bundle's figures, registered as a service with the property {@link #SOURCE}. Readers ask for them when they
 * need them (a scrape, a JMX read, a shell command): a source keeps its own counters and answers with their
 * current values, so reading costs the publisher nothing between reads.
 */
@ConsumerType
public interface MetricSource {

    /**
     * Service property naming the source, e.g. {@code host}, {@code b2bua}, {@code prack}: lower case, digits
     * and {@code _}; the MBean of the source is {@code io.sipsm:type=Metrics,source=<name>}.
     */
    String SOURCE = "sipsm.metrics.source";

    /** The current value of every series of this source; called from any thread, must not block. */
    List<Metric> metrics();
}
