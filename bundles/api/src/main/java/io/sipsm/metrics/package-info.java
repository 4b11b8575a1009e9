/**
 * The platform's figures, one public registry for every bundle: the host, the policies, the B2BUA and the
 * gateways publish what they count, and every reader (the Prometheus endpoint, the MBeans, the shell) reads the
 * same list, so no two views of a figure can disagree.
 *
 * <ul>
 * <li>{@link io.sipsm.metrics.MetricSource} is the service a bundle registers to publish; the service property
 * {@link io.sipsm.metrics.MetricSource#SOURCE} names it.</li>
 * <li>{@link io.sipsm.metrics.Metric} is one series: a counter, a gauge or a histogram, with its labels.</li>
 * <li>{@link io.sipsm.metrics.CounterFamily} and {@link io.sipsm.metrics.HistogramFamily} keep labelled
 * counters and histograms for a publisher, cheap to bump from many SIP threads at once.</li>
 * </ul>
 *
 * <p>Labels are bounded: only names an operator configured (a tenant, a gateway, an application) or a fixed
 * set (a reason, a SIP status), never anything per call. The families enforce a ceiling on distinct label sets.
 */
@Export
@Version("1.0.0")
package io.sipsm.metrics;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
