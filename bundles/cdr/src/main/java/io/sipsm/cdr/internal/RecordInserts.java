package io.sipsm.cdr.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.cdr.CallRecord;
import io.sipsm.cdr.GatewayAttempt;

/**
 * Writes records, a batch per transaction. When the batch fails on a database that still answers, the records go
 * one at a time: a record already stored (same record id, a journal replayed twice) is skipped, and a record the
 * database refuses (a value it cannot hold) is reported and skipped, so one bad record never holds up the others.
 * A database that no longer answers is {@link Unavailable}: the caller keeps what was not written.
 */
final class RecordInserts {

    /** The database did not answer; the first {@code written} records of the batch are stored. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;
        final int written;

        Unavailable(int written, SQLException cause) {
            super(cause.getMessage(), cause);
            this.written = written;
        }
    }

    /** What became of a batch. */
    record Outcome(int written, int duplicates, int rejected) {
    }

    private static final String INSERT_CALL = "INSERT INTO sipsm_cdr (record_id, caller_call_id, callee_call_id,"
            + " caller, callee, request_domain, source_address, tenant, application, invite_at, first_provisional_at,"
            + " answered_at, ended_at, setup_ms, duration_ms, attempts, gateways, answering_gateway, end_reason,"
            + " end_direction, ended_by, final_status, reason_text)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ATTEMPT = "INSERT INTO sipsm_cdr_attempt (record_id, attempt_no, invite_at,"
            + " gateway, call_id, sent_at, ended_at, status, end_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private static final Logger LOG = LoggerFactory.getLogger(RecordInserts.class);

    private final DataSource dataSource;
    private boolean schemaChecked;

    RecordInserts(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /**
     * @param rejected told of each record the database refused, with its reason
     * @throws Unavailable when the database does not answer
     */
    Outcome insert(List<CallRecord> records, BiConsumer<CallRecord, SQLException> rejected) throws Unavailable {
        int written = 0;
        try (Connection connection = dataSource.getConnection()) {
            if (!schemaChecked) {
                CdrSchema.ensure(connection);
                schemaChecked = true;
            }
            connection.setAutoCommit(false);
            try {
                write(connection, records);
                connection.commit();
                return new Outcome(records.size(), 0, 0);
            } catch (SQLException batchFailed) {
                rollback(connection);
                if (!connection.isValid(5)) {
                    throw batchFailed;
                }
            }
            int duplicates = 0;
            int refused = 0;
            for (CallRecord record : records) {
                if (stored(connection, record.recordId)) {
                    duplicates++;
                    continue;
                }
                try {
                    write(connection, List.of(record));
                    connection.commit();
                    written++;
                } catch (SQLException one) {
                    rollback(connection);
                    if (!connection.isValid(5)) {
                        throw one;
                    }
                    refused++;
                    rejected.accept(record, one);
                }
            }
            return new Outcome(written, duplicates, refused);
        } catch (SQLException e) {
            throw new Unavailable(written, e);
        }
    }

    private static void write(Connection connection, List<CallRecord> records) throws SQLException {
        try (PreparedStatement calls = connection.prepareStatement(INSERT_CALL);
                PreparedStatement attempts = connection.prepareStatement(INSERT_ATTEMPT)) {
            boolean anyAttempt = false;
            for (CallRecord r : records) {
                int i = 1;
                calls.setString(i++, r.recordId);
                calls.setString(i++, r.callerCallId);
                calls.setString(i++, r.calleeCallId);
                calls.setString(i++, r.caller);
                calls.setString(i++, r.callee);
                calls.setString(i++, r.requestDomain);
                calls.setString(i++, r.sourceAddress);
                calls.setString(i++, r.tenant);
                calls.setString(i++, r.application);
                calls.setLong(i++, r.inviteAt);
                nullableTime(calls, i++, r.firstProvisionalAt);
                nullableTime(calls, i++, r.answeredAt);
                calls.setLong(i++, r.endedAt);
                if (r.setupMillis() < 0) {
                    calls.setNull(i++, Types.BIGINT);
                } else {
                    calls.setLong(i++, r.setupMillis());
                }
                calls.setLong(i++, r.durationMillis());
                calls.setInt(i++, r.attempts.size());
                calls.setString(i++, gateways(r));
                calls.setString(i++, r.answeringGateway);
                calls.setString(i++, r.endReason.label());
                calls.setString(i++, r.endDirection.name());
                calls.setString(i++, r.endedBy);
                calls.setInt(i++, r.finalStatus);
                calls.setString(i, r.reasonText);
                calls.addBatch();
                for (int n = 0; n < r.attempts.size(); n++) {
                    GatewayAttempt a = r.attempts.get(n);
                    int j = 1;
                    attempts.setString(j++, r.recordId);
                    attempts.setInt(j++, n + 1);
                    attempts.setLong(j++, r.inviteAt);
                    attempts.setString(j++, a.gateway);
                    attempts.setString(j++, a.callId);
                    attempts.setLong(j++, a.sentAt);
                    nullableTime(attempts, j++, a.endedAt);
                    attempts.setInt(j++, a.status);
                    attempts.setString(j, a.endReason == null ? null : a.endReason.label());
                    attempts.addBatch();
                    anyAttempt = true;
                }
            }
            calls.executeBatch();
            if (anyAttempt) {
                attempts.executeBatch();
            }
        }
    }

    /**
     * Closes the embedded H2 database of a data source no longer used. The feature keeps that database open
     * ({@code DB_CLOSE_DELAY=-1}, for the insert rate), so it stays open after its data source went away; an H2
     * bundle started later (a refresh, an update) could not open the file while the one that opened it holds it,
     * and the records would wait in the journal until Karaf restarts. Next use opens it again. Other databases
     * are left alone, without connecting to them.
     */
    void release() {
        if (!dataSource.getClass().getName().startsWith("org.h2.")) {
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            DatabaseMetaData database = connection.getMetaData();
            String url = database.getURL();
            if (url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:") && !url.startsWith("jdbc:h2:tcp:")
                    && !url.startsWith("jdbc:h2:ssl:")) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SHUTDOWN");
                }
                LOG.debug("Embedded call record database {} closed: its data source went away", url);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Embedded call record database not closed: {}", e.toString());
        }
    }

    /** The gateways tried, in order, as one line for listings: {@code gw status [reason], ...}. */
    static String gateways(CallRecord record) {
        String text = record.attempts.stream()
                .map(a -> a.gateway + " " + a.status + (a.endReason == null ? "" : " " + a.endReason.label()))
                .collect(Collectors.joining(", "));
        return text.length() > 1000 ? text.substring(0, 997) + "..." : text;
    }

    private static void nullableTime(PreparedStatement statement, int index, long millis) throws SQLException {
        if (millis > 0) {
            statement.setLong(index, millis);
        } else {
            statement.setNull(index, Types.BIGINT);
        }
    }

    private static boolean stored(Connection connection, String recordId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM sipsm_cdr WHERE record_id = ?")) {
            query.setString(1, recordId);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is checked next
        }
    }
}
