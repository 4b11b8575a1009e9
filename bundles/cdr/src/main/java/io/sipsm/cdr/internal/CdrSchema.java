package io.sipsm.cdr.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The tables the records are stored in, version {@value #VERSION} (documented in docs/cdr.md). Plain SQL types
 * that H2, PostgreSQL and MySQL/MariaDB all take; times are milliseconds since the epoch (BIGINT), so that no
 * database's time-zone rules touch them. The version is kept in {@code sipsm_cdr_schema}: a database holding a
 * newer version is refused rather than written in a shape this bundle does not know.
 */
final class CdrSchema {

    static final int VERSION = 1;

    static final List<String> CREATE = List.of(
            "CREATE TABLE sipsm_cdr ("
                    + " record_id VARCHAR(36) NOT NULL PRIMARY KEY,"
                    + " caller_call_id VARCHAR(255) NOT NULL,"
                    + " callee_call_id VARCHAR(255),"
                    + " caller VARCHAR(128),"
                    + " callee VARCHAR(128),"
                    + " request_domain VARCHAR(255),"
                    + " source_address VARCHAR(64),"
                    + " tenant VARCHAR(128),"
                    + " application VARCHAR(64),"
                    + " invite_at BIGINT NOT NULL,"
                    + " first_provisional_at BIGINT,"
                    + " answered_at BIGINT,"
                    + " ended_at BIGINT NOT NULL,"
                    + " setup_ms BIGINT,"
                    + " duration_ms BIGINT NOT NULL,"
                    + " attempts INT NOT NULL,"
                    + " gateways VARCHAR(1000),"
                    + " answering_gateway VARCHAR(255),"
                    + " end_reason VARCHAR(32) NOT NULL,"
                    + " end_direction VARCHAR(8) NOT NULL,"
                    + " ended_by VARCHAR(128),"
                    + " final_status INT NOT NULL,"
                    + " reason_text VARCHAR(255))",
            "CREATE INDEX sipsm_cdr_invite_at ON sipsm_cdr (invite_at)",
            "CREATE INDEX sipsm_cdr_tenant ON sipsm_cdr (tenant, invite_at)",
            "CREATE INDEX sipsm_cdr_end_reason ON sipsm_cdr (end_reason, invite_at)",
            "CREATE INDEX sipsm_cdr_caller ON sipsm_cdr (caller, invite_at)",
            "CREATE INDEX sipsm_cdr_caller_call_id ON sipsm_cdr (caller_call_id)",
            "CREATE TABLE sipsm_cdr_attempt ("
                    + " record_id VARCHAR(36) NOT NULL,"
                    + " attempt_no INT NOT NULL,"
                    + " invite_at BIGINT NOT NULL,"
                    + " gateway VARCHAR(255) NOT NULL,"
                    + " call_id VARCHAR(255),"
                    + " sent_at BIGINT NOT NULL,"
                    + " ended_at BIGINT,"
                    + " status INT NOT NULL,"
                    + " end_reason VARCHAR(32),"
                    + " PRIMARY KEY (record_id, attempt_no))",
            "CREATE INDEX sipsm_cdr_attempt_gateway ON sipsm_cdr_attempt (gateway, invite_at)",
            "CREATE INDEX sipsm_cdr_attempt_invite_at ON sipsm_cdr_attempt (invite_at)",
            "CREATE TABLE sipsm_cdr_schema (version INT NOT NULL)",
            "INSERT INTO sipsm_cdr_schema (version) VALUES (" + VERSION + ")");

    private CdrSchema() {
    }

    /**
     * Creates the tables in an empty database, checks the version of a database that has them.
     *
     * @throws SQLException when the database cannot be read or written, or holds another version
     */
    static void ensure(Connection connection) throws SQLException {
        connection.setAutoCommit(true);
        Integer version = version(connection);
        if (version == null) {
            try (Statement statement = connection.createStatement()) {
                for (String sql : CREATE) {
                    statement.execute(sql);
                }
            }
        } else if (version != VERSION) {
            throw new SQLException("the database holds call records of schema version " + version + "; this bundle"
                    + " writes version " + VERSION, "42000");
        }
    }

    /** The stored version, null when the database has no tables of ours. */
    private static Integer version(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version FROM sipsm_cdr_schema")) {
            return rows.next() ? rows.getInt(1) : null;
        } catch (SQLException noTable) {
            if (!connection.isValid(5)) {
                throw noTable;
            }
            return null;
        }
    }
}
