package io.sipsm.cdr.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.CallRecords;
import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/**
 * Stores every call record posted on {@link CallRecords#TOPIC}: Event Admin hands each to the {@link CdrWriter},
 * which writes it to the data source named by {@code dataSource.target} on its own thread, or to the journal under
 * {@code ${karaf.data}/sipsm-cdr} while that database is away. The data source is optional and dynamic: records
 * are journaled while there is none and written when one comes.
 */
@Component(service = {EventHandler.class, CdrStore.class, MetricSource.class}, configurationPid = CdrConfig.PID,
        property = {EventConstants.EVENT_TOPIC + "=" + CallRecords.TOPIC, MetricSource.SOURCE + "=cdr"})
@Designate(ocd = CdrConfig.class)
public class CdrComponent implements EventHandler, CdrStore, MetricSource {

    private static final Logger LOG = LoggerFactory.getLogger(CdrComponent.class);

    private final CdrWriter writer;
    private volatile CdrSettings settings;
    private CdrConfig stored;

    /** A value refused here takes its default: there is nothing earlier to keep. */
    @Activate
    public CdrComponent(CdrConfig config) throws IOException {
        CdrSettings.Reading reading = CdrSettings.read(config, CdrSettings.DEFAULTS);
        reading.refusals().forEach(refusal -> LOG.error("{}; it takes its default", refusal));
        settings = reading.settings();
        stored = config;
        Path directory = Path.of(System.getProperty("karaf.data", "data"), "sipsm-cdr");
        writer = new CdrWriter(new Journal(directory), settings);
        writer.dataSource(dataSource);
        writer.start();
        LOG.info("Call records stored ({}), journal under {}", settings, directory);
    }

    /**
     * An edit that brings a bad value is refused whole, naming key, value and reason, and the last good settings
     * stay; a bad value refused earlier and left stored keeps its key at its last good value while others apply.
     */
    @Modified
    void modified(CdrConfig config) {
        CdrSettings.Reading reading = CdrSettings.read(config, settings);
        CdrConfig before = stored;
        stored = config;
        List<CdrSettings.Refusal> brought = reading.refusals().stream()
                .filter(refusal -> !valueOf(before, refusal.key()).equals(valueOf(config, refusal.key()))).toList();
        if (!brought.isEmpty()) {
            brought.forEach(refusal -> LOG.error("{}; the edit is refused, keeping {}", refusal, settings));
            return;
        }
        reading.refusals().forEach(refusal -> LOG.error("{}; refused before, it keeps its last good value while the"
                + " other keys apply (remove it: config:property-delete -p {} {})", refusal, CdrConfig.PID,
                refusal.key()));
        settings = reading.settings();
        writer.settings(settings);
        LOG.info("Call records reconfigured: {}", settings);
    }

    private static String valueOf(CdrConfig config, String key) {
        return String.valueOf(switch (key) {
            case "retention.days" -> config.retention_days();
            case "queue.capacity" -> config.queue_capacity();
            case "batch.size" -> config.batch_size();
            case "yield.cpu.percent" -> config.yield_cpu_percent();
            case "yield.max.seconds" -> config.yield_max_seconds();
            default -> config.retry_seconds();
        });
    }

    private volatile DataSource dataSource;

    /** The default target names the feature's embedded database; {@code dataSource.target} replaces it. */
    @Reference(name = "dataSource", target = "(dataSourceName=sipsm-cdr)", cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindDataSource(DataSource service) {
        dataSource = service;
        if (writer != null) {
            writer.dataSource(service);
        }
        LOG.info("Call records go to the data source {}", service);
    }

    void unbindDataSource(DataSource service) {
        if (dataSource == service) {
            dataSource = null;
            if (writer != null) {
                writer.dataSource(null);
            }
            LOG.info("Call record data source gone; records go to the journal until one comes");
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        writer.stop();
    }

    @Override
    public void handleEvent(Event event) {
        if (event.getProperty(CallRecords.RECORD) instanceof CallRecord record) {
            writer.offer(record);
        }
    }

    @Override
    public Map<String, Object> figures() {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("received", writer.received.get());
        figures.put("written", writer.written.get());
        figures.put("queued", writer.queued());
        figures.put("journaled", writer.journaled.get());
        figures.put("journaled to yield the CPU", writer.yielded.get());
        figures.put("replayed from the journal", writer.replayed.get());
        figures.put("journal bytes waiting", writer.journalBytes());
        figures.put("already stored (skipped)", writer.duplicates.get());
        figures.put("refused by the database", writer.rejected.get());
        figures.put("unreadable journal lines", writer.unreadable.get());
        figures.put("lost (no database, no disk)", writer.lost.get());
        figures.put("deleted by retention", writer.expired.get());
        figures.put("database", writer.databaseAway() ? "away" : writer.yielding() ? "answering; records wait for"
                + " spare CPU" : "answering");
        figures.put("settings", settings.toString());
        return figures;
    }

    /** The same counters as {@code sipsm:cdr --status}, for the statistics readers (Prometheus, JMX). */
    @Override
    public List<Metric> metrics() {
        Map<String, String> none = Map.of();
        return List.of(
                Metric.counter("sipsm_cdr_received_total", "Call records received", none, writer.received.get()),
                Metric.counter("sipsm_cdr_written_total", "Call records written to the database", none,
                        writer.written.get()),
                Metric.counter("sipsm_cdr_journaled_total", "Call records appended to the journal", none,
                        writer.journaled.get()),
                Metric.counter("sipsm_cdr_yielded_total", "Call records journaled while the CPU was busy, to be"
                        + " written once it is spare", none, writer.yielded.get()),
                Metric.counter("sipsm_cdr_replayed_total", "Call records replayed from the journal", none,
                        writer.replayed.get()),
                Metric.counter("sipsm_cdr_refused_total", "Call records the database refused, skipped", none,
                        writer.rejected.get()),
                Metric.counter("sipsm_cdr_lost_total", "Call records lost: database away and journal unwritable",
                        none, writer.lost.get()),
                Metric.gauge("sipsm_cdr_queued", "Call records waiting in memory", none, writer.queued()),
                Metric.gauge("sipsm_cdr_journal_bytes", "Journal bytes waiting for the database", none,
                        writer.journalBytes()),
                Metric.gauge("sipsm_cdr_database_up", "1 while the database answers", none,
                        writer.databaseAway() ? 0 : 1));
    }

    @Override
    public List<CdrQueries.Row> recent(CdrQueries.Filter filter, int limit) throws SQLException {
        return CdrQueries.recent(requireDataSource(), filter, limit);
    }

    @Override
    public CdrQueries.Summary summary(CdrQueries.Filter filter) throws SQLException {
        return CdrQueries.summary(requireDataSource(), filter);
    }

    private DataSource requireDataSource() throws SQLException {
        DataSource current = writer.dataSource();
        if (current == null) {
            throw new SQLException("no call record data source; records wait in the journal");
        }
        return current;
    }
}
