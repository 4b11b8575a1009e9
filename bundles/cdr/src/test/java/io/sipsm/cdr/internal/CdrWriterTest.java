package io.sipsm.cdr.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.testing.CallRecords;

/** The writer against a real (in-memory H2) database that can be taken away and brought back. */
class CdrWriterTest {

    @TempDir
    Path directory;

    private final JdbcDataSource h2 = new JdbcDataSource();
    private volatile boolean down;
    private DataSource switchable;
    private CdrWriter writer;
    /** The machine's CPU use the writer sees: idle unless a test says otherwise. */
    private volatile double machineLoad;
    private final CpuYield cpuYield = new CpuYield(() -> machineLoad);

    @BeforeEach
    void database() {
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        switchable = (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("getConnection") && down) {
                        throw new SQLTransientConnectionException("connection refused", "08001");
                    }
                    if (method.getName().equals("getLogWriter")) {
                        return new PrintWriter(System.out);
                    }
                    return method.invoke(h2, args);
                });
    }

    @AfterEach
    void stop() throws Exception {
        if (writer != null) {
            writer.stop();
        }
    }

    private CdrWriter start(CdrSettings settings) throws Exception {
        writer = new CdrWriter(new Journal(directory), settings, cpuYield);
        writer.dataSource(switchable);
        writer.start();
        return writer;
    }

    @Test
    void recordsAreWrittenWithTheirAttempts() throws Exception {
        start(CdrSettings.DEFAULTS);
        for (int i = 0; i < 25; i++) {
            writer.offer(i % 2 == 0 ? CallRecords.answered("c" + i, 1_000 + i) : CallRecords.rejected("c" + i, 1_000 + i));
        }
        await("25 rows", () -> count("sipsm_cdr") == 25);
        assertEquals(13 * 2 + 12, count("sipsm_cdr_attempt"));
        CdrQueries.Summary summary = CdrQueries.summary(h2, new CdrQueries.Filter(null, null, null, null, 0, 0));
        assertEquals(25, summary.calls());
        assertEquals(13, summary.answered());
        assertEquals(60.0, summary.acdSeconds(), 0.001);
        assertEquals(13L, summary.endReasons().get("normal clearing"));
        List<CdrQueries.Row> viaGateway = CdrQueries.recent(h2,
                new CdrQueries.Filter(null, "10.0.0.2:5060", null, null, 0, 0), 100);
        assertEquals(13, viaGateway.size());
        assertEquals("10.0.0.1:5060 408 invite timeout, 10.0.0.2:5060 200", viaGateway.get(0).gateways());
        assertEquals(12, CdrQueries.recent(h2, new CdrQueries.Filter(null, null, "callee rejected", "carol", 0, 0),
                100).size());
    }

    @Test
    void anOutageGoesToTheJournalAndIsReplayedOnceEach() throws Exception {
        start(new CdrSettings(0, 10_000, 7, 1, 80, 900));
        writer.offer(CallRecords.answered("before", 1));
        await("the first row", () -> count("sipsm_cdr") == 1);
        down = true;
        List<String> during = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            during.add("during-" + i);
            writer.offer(CallRecords.rejected("during-" + i, 100 + i));
        }
        await("40 records journaled", () -> writer.journaled.get() == 40);
        assertEquals(1, count("sipsm_cdr"));
        assertTrue(writer.databaseAway());
        down = false;
        writer.offer(CallRecords.answered("after", 1_000));
        await("every record in the database", () -> count("sipsm_cdr") == 42);
        await("the journal gone", () -> !Files.exists(directory.resolve("journal.log")));
        assertEquals(41, writer.replayed.get());
        assertEquals(0, writer.lost.get());
        assertEquals(during, callIds("SELECT caller_call_id FROM sipsm_cdr WHERE caller_call_id LIKE 'during-%'"
                + " ORDER BY invite_at"));
    }

    /**
     * The embedded database is kept open between batches (DB_CLOSE_DELAY=-1); once its data source is gone, the
     * writer closes it, so that another H2 (a refreshed bundle) may open the file: the file lock is free again.
     */
    @Test
    void anEmbeddedDatabaseWhoseDataSourceWentAwayIsClosed() throws Exception {
        JdbcDataSource file = new JdbcDataSource();
        file.setURL("jdbc:h2:" + directory.resolve("db").resolve("cdr") + ";DB_CLOSE_DELAY=-1");
        writer = new CdrWriter(new Journal(directory), CdrSettings.DEFAULTS, cpuYield);
        writer.dataSource(file);
        writer.start();
        writer.offer(CallRecords.answered("c1", 1_000));
        await("written", () -> writer.written.get() == 1);
        Path store = directory.resolve("db").resolve("cdr.mv.db");
        assertFalse(lockable(store), "held open between batches");
        writer.dataSource(null);
        await("the database file released", () -> lockable(store));
    }

    private static boolean lockable(Path file) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ, java.nio.file.StandardOpenOption.WRITE);
                java.nio.channels.FileLock lock = channel.tryLock()) {
            return lock != null;
        } catch (java.nio.channels.OverlappingFileLockException | java.io.IOException held) {
            return false;
        }
    }

    @Test
    void aJournalReplayedTwiceIsStoredOnce() throws Exception {
        Journal journal = new Journal(directory);
        List<CallRecord> records = List.of(CallRecords.answered("x1", 1), CallRecords.answered("x2", 2));
        journal.append(records);
        new RecordInserts(h2).insert(records, (r, e) -> { });
        // A crash after the commit, before the replay position was saved: the next start replays them again.
        start(CdrSettings.DEFAULTS);
        await("the journal replayed", () -> !Files.exists(directory.resolve("journal.log")));
        assertEquals(2, count("sipsm_cdr"));
        assertEquals(2, writer.duplicates.get());
    }

    @Test
    void aRecordTheDatabaseRefusesIsCountedAndTheOthersAreWritten() throws Exception {
        start(CdrSettings.DEFAULTS);
        CallRecord bad = CallRecords.answered("bad", 3);
        bad.caller = "x".repeat(500);
        writer.offer(CallRecords.answered("good-1", 1));
        writer.offer(bad);
        writer.offer(CallRecords.answered("good-2", 2));
        await("two rows", () -> count("sipsm_cdr") == 2 && writer.rejected.get() == 1);
        assertFalse(writer.databaseAway());
    }

    @Test
    void whileTheCpuIsBusyRecordsWaitInTheJournalAndAreWrittenInOrderOnceItIsSpare() throws Exception {
        start(CdrSettings.DEFAULTS);
        writer.offer(CallRecords.answered("before", 1));
        await("the first row", () -> count("sipsm_cdr") == 1);
        machineLoad = 0.95;
        List<String> busy = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            busy.add("busy-" + i);
            writer.offer(CallRecords.answered("busy-" + i, 100 + i));
        }
        await("30 records journaled to yield the CPU", () -> writer.journaled.get() == 30 && writer.yielded.get() == 30);
        // Later ones join them behind those already waiting.
        for (int i = 30; i < 40; i++) {
            busy.add("busy-" + i);
            writer.offer(CallRecords.answered("busy-" + i, 100 + i));
        }
        await("40 records journaled to yield the CPU", () -> writer.journaled.get() == 40 && writer.yielded.get() == 40);
        assertTrue(writer.yielding());
        assertEquals(1, count("sipsm_cdr"));
        assertFalse(writer.databaseAway());
        machineLoad = 0.3;
        await("every record in the database, replayed from the journal",
                () -> count("sipsm_cdr") == 41 && writer.replayed.get() == 40);
        assertFalse(writer.yielding());
        assertEquals(busy, callIds("SELECT caller_call_id FROM sipsm_cdr WHERE caller_call_id LIKE 'busy-%'"
                + " ORDER BY invite_at"));
    }

    @Test
    void aRecordWaitsForSpareCpuNoLongerThanYieldMaxSeconds() throws Exception {
        start(new CdrSettings(0, 10_000, 200, 5, 80, 1));
        machineLoad = 1;
        long offered = System.nanoTime();
        writer.offer(CallRecords.answered("held", 1));
        await("the record journaled", () -> writer.yielded.get() == 1);
        await("the record written although the CPU stays busy", () -> count("sipsm_cdr") == 1);
        assertTrue(Duration.ofNanos(System.nanoTime() - offered).toMillis() >= 1_000);
    }

    @Test
    void pastTheQueueRecordsGoToTheJournalWithoutWaiting() throws Exception {
        down = true;
        start(new CdrSettings(0, 100, 10, 3600, 80, 900));
        long started = System.nanoTime();
        for (int i = 0; i < 1_000; i++) {
            writer.offer(CallRecords.rejected("burst-" + i, i));
        }
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        await("1,000 records journaled", () -> writer.journaled.get() == 1_000);
        assertTrue(writer.queued() <= 100);
        down = false;
        writer.dataSource(switchable);
        await("1,000 rows", () -> count("sipsm_cdr") == 1_000);
    }

    private int count(String table) {
        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getInt(1);
        } catch (SQLException noTableYet) {
            return -1;
        }
    }

    private List<String> callIds(String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = h2.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                ids.add(r.getString(1));
            }
        }
        return ids;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }
}
