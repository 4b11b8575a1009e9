package io.sipsm.cdr.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.h2.jdbcx.JdbcDataSource;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.testing.CallRecords;

/**
 * Inserts per second of the store's own {@link CdrWriter} into the embedded H2 database as the distribution sets
 * it up: the pax-jdbc-config data source of {@code etc/org.ops4j.datasource-cdr.cfg} (H2's own DataSource, no pool,
 * the URL {@code jdbc:h2:<dir>/cdr;DB_CLOSE_DELAY=-1}; the system property {@code cdr.urlOptions} replaces the
 * options), the default settings (queue 10,000, batches of 200) but for yielding the CPU, which is off: this
 * measures what the database takes, and the run's own offering loop would otherwise count as the busy machine the
 * writer yields to. The journal in the same directory. Records as the B2BUA makes them: two gateway attempts
 * each, their ids ordered by time ({@code CallRecord.newRecordId}).
 * <p>
 * Three runs on a fresh database each: <b>flat out</b>, the writer kept busy (records offered whenever fewer than
 * half the queue wait, so none goes to the journal) for the run's duration: inserts/s is what was written during
 * the run; then <b>paced</b> at the given rate for the same duration: inserts/s counts the time until the last
 * record was written, and the store kept up when none went to the journal and the last was written within a
 * second of the run's end; then <b>yielding</b>, paced likewise while the writer sees the CPU busy: every record
 * goes to the journal (its CPU per record is what the host pays at its peak), and the drain is the journal's
 * replay once the CPU is spare. Arguments: seconds per run (30), paced rate per second (2000).
 */
public final class CdrInsertRun {

    /** Those of the sipsm-cdr feature's etc/org.ops4j.datasource-cdr.cfg (features/repository feature.xml). */
    private static final String URL_OPTIONS = ";DB_CLOSE_DELAY=-1";

    private static final CdrSettings SETTINGS = new CdrSettings(CdrSettings.DEFAULTS.retentionDays(),
            CdrSettings.DEFAULTS.queueCapacity(), CdrSettings.DEFAULTS.batchSize(), CdrSettings.DEFAULTS.retrySeconds(),
            0, CdrSettings.DEFAULTS.yieldMaxSeconds());
    /** The defaults, yielding the CPU as shipped, with no end to the wait for spare CPU within a run. */
    private static final CdrSettings YIELDING = new CdrSettings(CdrSettings.DEFAULTS.retentionDays(),
            CdrSettings.DEFAULTS.queueCapacity(), CdrSettings.DEFAULTS.batchSize(), CdrSettings.DEFAULTS.retrySeconds(),
            CdrSettings.DEFAULTS.yieldCpuPercent(), 86_400);

    private CdrInsertRun() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        System.out.printf("# CdrWriter into embedded H2 (jdbc:h2:<dir>/cdr%s, no pool), %s, %d s per run%n",
                System.getProperty("cdr.urlOptions", URL_OPTIONS), SETTINGS, seconds);
        System.out.println("run            offered  written  journaled  seconds  inserts/s  max queued  drained ms  CPU us/record"
                + "  store us/record  kept up");
        run("flat-out", seconds, 0, false);
        run("paced-" + rate, seconds, rate, false);
        run("yielding-" + rate, seconds, rate, true);
    }

    /**
     * One run on a fresh database; rate 0 offers as fast as the writer takes them. Yielding: the writer sees a
     * machine whose CPU is all taken by other work, as at the host's peak, so every record goes to the journal;
     * the CPU per record is then what the host pays at its peak, and the drain is the replay once the CPU is spare.
     */
    private static void run(String name, int seconds, int rate, boolean yielding) throws Exception {
        Path directory = Files.createTempDirectory("sipsm-cdr-bench-");
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:" + directory.resolve("cdr") + System.getProperty("cdr.urlOptions", URL_OPTIONS));
        double[] machineLoad = {0};
        CpuYield cpuYield = new CpuYield(() -> machineLoad[0]);
        CdrWriter writer = new CdrWriter(new Journal(directory), yielding ? YIELDING : SETTINGS, cpuYield);
        writer.dataSource(h2);
        writer.start();
        // The schema is created by the first batch: not counted.
        writer.offer(record(0));
        awaitWritten(writer, 1, 30_000);
        long offered = 0;
        int maxQueued = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.SECONDS.toNanos(seconds);
        long writtenAtStart = writer.written.get();
        long cpuAtStart = processCpuNanos();
        long storeCpuAtStart = storeThreadsCpuNanos();
        machineLoad[0] = yielding ? 1 : 0;
        long now;
        while ((now = System.nanoTime()) < end) {
            if (rate > 0) {
                long due = (now - start) * rate / 1_000_000_000L;
                while (offered < due) {
                    writer.offer(record(++offered));
                }
                LockSupport.parkNanos(1_000_000);
            } else if (writer.queued() < SETTINGS.queueCapacity() / 2) {
                for (int i = 0; i < 500; i++) {
                    writer.offer(record(++offered));
                }
            } else {
                LockSupport.parkNanos(200_000);
            }
            maxQueued = Math.max(maxQueued, writer.queued());
        }
        long writtenInRun = writer.written.get() - writtenAtStart;
        double elapsed = (System.nanoTime() - start) / 1e9;
        long journaled = writer.journaled.get();
        if (yielding) {
            awaitJournaled(writer, offered, 30_000);
        }
        // The whole process (writer, H2 or the journal, the offering loop, GC): what the store costs the host per
        // record while the calls come.
        long stored = Math.max(1, yielding ? writer.journaled.get() : writer.written.get() - writtenAtStart);
        double cpuMicros = (processCpuNanos() - cpuAtStart) / 1000.0 / stored;
        // The writer's and the database's threads alone: the store's own work, without the offering loop.
        double storeMicros = (storeThreadsCpuNanos() - storeCpuAtStart) / 1000.0 / stored;
        machineLoad[0] = 0;
        long drainStart = System.nanoTime();
        awaitWritten(writer, offered + 1, 120_000);
        long drainedMillis = (System.nanoTime() - drainStart) / 1_000_000;
        writer.stop();
        double perSecond = rate > 0 ? offered / (elapsed + drainedMillis / 1000.0) : writtenInRun / elapsed;
        boolean keptUp = journaled == 0 && drainedMillis <= 1000 && writer.written.get() == offered + 1;
        System.out.printf("%-13s %8d %8d %10d %8.1f %10.0f %11d %11d %14.0f %16.0f  %s%n", name, offered,
                writer.written.get() - 1, writer.journaled.get(), elapsed, perSecond, maxQueued, drainedMillis, cpuMicros,
                storeMicros, rate > 0 && !yielding ? keptUp : "-");
    }

    /** CPU time of every live thread but this one (the offering loop): the writer's and the database's. */
    private static long storeThreadsCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        long sum = 0;
        for (long id : threads.getAllThreadIds()) {
            long nanos = id == self ? -1 : threads.getThreadCpuTime(id);
            sum += Math.max(0, nanos);
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void awaitJournaled(CdrWriter writer, long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (writer.journaled.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    private static void awaitWritten(CdrWriter writer, long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (writer.written.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
    }

    /** An answered call that failed over once, as the B2BUA records it. */
    private static CallRecord record(long n) {
        CallRecord r = CallRecords.answered(n + "-4242@127.0.0.1", System.currentTimeMillis() - 62_000);
        r.caller = "caller" + (n % 1000);
        r.callee = "callee" + (n % 5000);
        r.sourceAddress = "10.1.2.3:5060";
        r.reasonText = "Q.850;cause=16;text=\"Normal call clearing\"";
        return r;
    }
}
