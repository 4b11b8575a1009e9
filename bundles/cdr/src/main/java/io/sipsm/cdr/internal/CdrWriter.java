package io.sipsm.cdr.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.CallRecord;

/**
 * Takes records from whoever posts them without ever waiting for the database, and writes them on its own thread,
 * in batches gathered over up to {@value #LINGER_MILLIS} ms. While the database is away (no data source, or one
 * that does not answer), cannot keep up (the queue is full) or must yield the CPU to the calls ({@link CpuYield}),
 * records go to the {@link Journal}; once records wait there, every record goes through it, so that the database
 * receives them in the order they came. The journal is replayed when the database answers again and the CPU is
 * spare. A record nothing could keep (the database away and the disk full) is counted and logged, by Call-ID.
 */
final class CdrWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(CdrWriter.class);
    private static final long RETENTION_EVERY_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final long DAY_MILLIS = TimeUnit.DAYS.toMillis(1);
    /**
     * How long the first record of a batch waits for others. A transaction costs the embedded database about as
     * much as the records in it: at 1,000 records a second, batches of a few records cost 2 to 3 times the CPU per
     * record of full ones (bench/RESULTS.md section 9).
     */
    static final long LINGER_MILLIS = 250;
    private static final long YIELD_LOG_MILLIS = TimeUnit.MINUTES.toMillis(1);

    private final LinkedBlockingQueue<CallRecord> queue = new LinkedBlockingQueue<>();
    private final Journal journal;
    private final CpuYield cpuYield;
    private final Thread thread;
    private volatile CdrSettings settings;
    private volatile RecordInserts inserts;
    /** The database last written before the current one, released on this writer's thread. */
    private final AtomicReference<RecordInserts> retired = new AtomicReference<>();
    private volatile boolean stopping;
    private volatile boolean retryNow;
    /** The database is taken as away until then (milliseconds, System.currentTimeMillis). */
    private long retryAt;
    private boolean away;
    private volatile long nextRetention;
    /** When the oldest record waiting in the journal went there (System.currentTimeMillis), 0 when none waits. */
    private long journaledSince;
    private volatile boolean yielding;
    /** Records went to the journal for another reason than yielding the CPU: its replay is worth a line. */
    private volatile boolean journaledForOutage;
    private long lastYieldLog = -YIELD_LOG_MILLIS;

    final AtomicLong received = new AtomicLong();
    final AtomicLong written = new AtomicLong();
    final AtomicLong journaled = new AtomicLong();
    final AtomicLong yielded = new AtomicLong();
    final AtomicLong replayed = new AtomicLong();
    final AtomicLong duplicates = new AtomicLong();
    final AtomicLong rejected = new AtomicLong();
    final AtomicLong lost = new AtomicLong();
    final AtomicLong unreadable = new AtomicLong();
    final AtomicLong expired = new AtomicLong();

    CdrWriter(Journal journal, CdrSettings settings) {
        this(journal, settings, CpuYield.ofThisMachine());
    }

    CdrWriter(Journal journal, CdrSettings settings, CpuYield cpuYield) {
        this.journal = journal;
        this.settings = settings;
        this.cpuYield = cpuYield;
        thread = new Thread(this, "sipsm-cdr-writer");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void settings(CdrSettings settings) {
        this.settings = settings;
        nextRetention = 0;
    }

    /** The database to write to, or null while there is none. */
    void dataSource(DataSource dataSource) {
        RecordInserts before = inserts;
        inserts = dataSource == null ? null : new RecordInserts(dataSource);
        if (before != null) {
            retired.set(before);
        }
        // Taken up within a second: the thread never waits longer (and is never interrupted: H2 closes its files
        // on an interrupt).
        retryNow = true;
    }

    DataSource dataSource() {
        RecordInserts current = inserts;
        return current == null ? null : current.dataSource();
    }

    /** Never blocks: a record past the queue's capacity goes to the journal on the caller's thread. */
    void offer(CallRecord record) {
        received.incrementAndGet();
        if (!stopping && queue.size() < settings.queueCapacity()) {
            queue.add(record);
            return;
        }
        journaledForOutage = true;
        toJournal(List.of(record));
    }

    int queued() {
        return queue.size();
    }

    long journalBytes() {
        return journal.pendingBytes();
    }

    boolean databaseAway() {
        return inserts == null || away;
    }

    /** True while records wait in the journal for spare CPU. */
    boolean yielding() {
        return yielding;
    }

    /** Stops the thread; what is still queued goes to the journal, for the next start. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join(TimeUnit.SECONDS.toMillis(10));
        List<CallRecord> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            toJournal(rest);
        }
    }

    @Override
    public void run() {
        while (!stopping) {
            try {
                step();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.warn("Call record writer: {}; going on", e.toString(), e);
            }
        }
    }

    private void step() throws InterruptedException {
        RecordInserts old = retired.getAndSet(null);
        if (old != null && old != inserts) {
            old.release();
        }
        CdrSettings now = settings;
        if (journal.hasPendingQuietly()) {
            if (journaledSince == 0) {
                journaledSince = System.currentTimeMillis();
            }
            boolean usable = usable();
            boolean yieldNow = usable && !mayWrite(now);
            List<CallRecord> waiting = new ArrayList<>();
            queue.drainTo(waiting);
            if (!waiting.isEmpty()) {
                toJournal(waiting, yieldNow);
            }
            if (!usable) {
                awaitArrivals(Math.min(1_000, Math.max(1, retryAt - System.currentTimeMillis())), false);
            } else if (yieldNow) {
                awaitArrivals(CpuYield.SAMPLE_MILLIS, true);
            } else {
                replay(now);
            }
            return;
        }
        journaledSince = 0;
        List<CallRecord> batch = new ArrayList<>();
        CallRecord first = queue.poll(1, TimeUnit.SECONDS);
        if (first == null) {
            retention(now);
            return;
        }
        batch.add(first);
        queue.drainTo(batch, now.batchSize() - 1);
        if (batch.size() < now.batchSize() && !stopping) {
            Thread.sleep(LINGER_MILLIS);
            queue.drainTo(batch, now.batchSize() - batch.size());
        }
        RecordInserts current = inserts;
        if (current == null || !usable()) {
            journaledForOutage = true;
            toJournal(batch);
            return;
        }
        if (!mayWrite(now)) {
            toJournal(batch, true);
            return;
        }
        try {
            RecordInserts.Outcome outcome = current.insert(batch, this::rejected);
            counted(outcome);
        } catch (RecordInserts.Unavailable e) {
            written.addAndGet(e.written);
            goneAway(e);
            toJournal(batch.subList(e.written, batch.size()));
        }
    }

    /**
     * Waits for the next try of the database or the next look at the CPU, a second at most, moving what arrives
     * meanwhile to the journal, gathered like a batch (each append forces the journal to disk): a record waits in
     * memory no longer than {@value #LINGER_MILLIS} ms past that, so a crash while records go to the journal loses
     * none posted more than about a second before.
     */
    private void awaitArrivals(long waitMillis, boolean yieldingCpu) throws InterruptedException {
        CallRecord next = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (next != null) {
            if (!stopping) {
                Thread.sleep(LINGER_MILLIS);
            }
            List<CallRecord> arrived = new ArrayList<>();
            arrived.add(next);
            queue.drainTo(arrived);
            toJournal(arrived, yieldingCpu);
        }
    }

    /**
     * Whether the database may have the work now. Says so in the log when the writer starts or stops yielding the
     * CPU, at most once a minute (a machine hovering at the threshold would flip it every sample).
     */
    private boolean mayWrite(CdrSettings now) {
        long time = System.currentTimeMillis();
        boolean may = cpuYield.mayWrite(now, time, journaledSince);
        if (may == yielding) {
            yielding = !may;
            if (time - lastYieldLog >= YIELD_LOG_MILLIS) {
                lastYieldLog = time;
                long othersPercent = Math.round(cpuYield.othersLoad() * 100);
                if (yielding) {
                    LOG.info("Call records wait in the journal while the CPU is busy ({} % used by other work than"
                            + " theirs, yield.cpu.percent={}); written once it is spare, or after yield.max.seconds={}",
                            othersPercent, now.yieldCpuPercent(), now.yieldMaxSeconds());
                } else {
                    LOG.info("Call records go to the database again ({} % of the CPU used by other work{})",
                            othersPercent, othersPercent >= now.yieldCpuPercent()
                                    ? "; the oldest waited yield.max.seconds" : "");
                }
            }
        }
        return may;
    }

    private void replay(CdrSettings now) {
        RecordInserts current = inserts;
        if (current == null) {
            return;
        }
        Journal.Batch batch;
        try {
            batch = journal.read(now.batchSize());
        } catch (IOException e) {
            LOG.error("Call record journal {} cannot be read: {}; records wait there", journal.file(), e.toString());
            away(now);
            return;
        }
        if (batch.unreadable() > 0) {
            unreadable.addAndGet(batch.unreadable());
            LOG.warn("Call record journal {}: {} line(s) that are no record (cut short by a crash?) skipped",
                    journal.file(), batch.unreadable());
        }
        try {
            if (!batch.records().isEmpty()) {
                RecordInserts.Outcome outcome = current.insert(batch.records(), this::rejected);
                counted(outcome);
                replayed.addAndGet(outcome.written());
            }
            journal.replayed(batch.end());
            if (!journal.hasPending()) {
                if (journaledForOutage) {
                    LOG.info("Call record journal replayed into the database; writing directly again");
                } else {
                    LOG.debug("Call records held back for spare CPU are in the database");
                }
                journaledForOutage = false;
            }
        } catch (RecordInserts.Unavailable e) {
            goneAway(e);
        } catch (IOException e) {
            LOG.error("Call record journal {}: replay position not saved ({}); records may be replayed again,"
                    + " and are written once", journal.file(), e.toString());
        }
    }

    private boolean usable() {
        if (inserts == null) {
            return false;
        }
        if (retryNow) {
            retryNow = false;
            return true;
        }
        if (away && System.currentTimeMillis() < retryAt) {
            return false;
        }
        return true;
    }

    private void goneAway(RecordInserts.Unavailable e) {
        if (!away) {
            LOG.warn("Call record database does not answer ({}); records go to the journal {} and are written when"
                    + " it answers again (tried every {} s)", e.getMessage(), journal.file(),
                    settings.retrySeconds());
        }
        away(settings);
    }

    private void away(CdrSettings now) {
        away = true;
        journaledForOutage = true;
        retryAt = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(now.retrySeconds());
    }

    private void counted(RecordInserts.Outcome outcome) {
        if (away) {
            LOG.info("Call record database answers again");
            away = false;
        }
        written.addAndGet(outcome.written());
        duplicates.addAndGet(outcome.duplicates());
    }

    private void rejected(CallRecord record, SQLException reason) {
        rejected.incrementAndGet();
        LOG.warn("Call record of call {} refused by the database and skipped: {} (SQLState {})",
                record.callerCallId, reason.getMessage(), reason.getSQLState());
    }

    /** @param yieldingCpu the records go there to spare the CPU (counted as {@link #yielded}) */
    private void toJournal(List<CallRecord> records, boolean yieldingCpu) {
        if (yieldingCpu) {
            yielded.addAndGet(records.size());
        }
        toJournal(records);
    }

    private void toJournal(List<CallRecord> records) {
        try {
            journal.append(records);
            journaled.addAndGet(records.size());
        } catch (IOException e) {
            long before = lost.getAndAdd(records.size());
            // One line per outage of the disk, then one per thousand: a full disk must not flood the log.
            if (before == 0 || before / 1000 != (before + records.size()) / 1000) {
                LOG.error("Call records lost: the database is away and the journal {} cannot be written ({});"
                        + " first lost call {}; {} lost in all", journal.file(), e.toString(),
                        records.get(0).callerCallId, before + records.size());
            }
        }
    }

    /** Deletes records past the retention, once an hour, on this thread. */
    private void retention(CdrSettings now) {
        long time = System.currentTimeMillis();
        RecordInserts current = inserts;
        if (now.retentionDays() == 0 || time < nextRetention || current == null || away) {
            return;
        }
        nextRetention = time + RETENTION_EVERY_MILLIS;
        long before = time - now.retentionDays() * DAY_MILLIS;
        try (Connection connection = current.dataSource().getConnection()) {
            connection.setAutoCommit(true);
            try (PreparedStatement attempts = connection.prepareStatement(
                    "DELETE FROM sipsm_cdr_attempt WHERE invite_at < ?");
                    PreparedStatement calls = connection.prepareStatement("DELETE FROM sipsm_cdr WHERE invite_at < ?")) {
                attempts.setLong(1, before);
                attempts.executeUpdate();
                calls.setLong(1, before);
                int deleted = calls.executeUpdate();
                expired.addAndGet(deleted);
                if (deleted > 0) {
                    LOG.info("Call records older than {} days deleted: {}", now.retentionDays(), deleted);
                }
            }
        } catch (SQLException e) {
            LOG.debug("Call record retention not applied now: {}", e.toString());
        }
    }
}
