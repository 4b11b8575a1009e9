package io.sipsm.cdr.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

/**
 * The questions {@code sipsm:cdr} asks the database: recent records with filters, and a summary (ASR, ACD, end
 * reasons) over the same filters. Each filter is a column the schema indexes together with the call's start.
 */
final class CdrQueries {

    /**
     * What to select; null parts do not filter.
     *
     * @param tenant the tenant
     * @param gateway a gateway the call was offered to ({@code host:port} as configured)
     * @param endReason an end reason's label, e.g. {@code session expired}
     * @param caller the caller's user part
     * @param from calls started at or after (milliseconds since the epoch), 0 for no bound
     * @param to calls started before, 0 for no bound
     */
    record Filter(String tenant, String gateway, String endReason, String caller, long from, long to) {
    }

    /** A record as listed. */
    record Row(long inviteAt, String callerCallId, String caller, String callee, String tenant, String endReason,
            String endDirection, String endedBy, int finalStatus, long setupMillis, long durationMillis,
            String gateways, String reasonText) {
    }

    /**
     * The sums of a selection.
     *
     * @param calls records selected
     * @param answered calls answered
     * @param durationMillis their billed duration in all
     * @param endReasons calls per end reason, most frequent first
     */
    record Summary(long calls, long answered, long durationMillis, Map<String, Long> endReasons) {

        /** Answer-seizure ratio, percent; 0 without calls. */
        double asr() {
            return calls == 0 ? 0 : 100.0 * answered / calls;
        }

        /** Average call duration of the answered calls, seconds; 0 without any. */
        double acdSeconds() {
            return answered == 0 ? 0 : durationMillis / 1000.0 / answered;
        }
    }

    private CdrQueries() {
    }

    static List<Row> recent(DataSource dataSource, Filter filter, int limit) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String sql = "SELECT invite_at, caller_call_id, caller, callee, tenant, end_reason, end_direction, ended_by,"
                + " final_status, setup_ms, duration_ms, gateways, reason_text FROM sipsm_cdr c"
                + where(filter, parameters) + " ORDER BY invite_at DESC";
        List<Row> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = prepare(connection, sql, parameters)) {
            query.setMaxRows(limit);
            try (ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    long setup = r.getLong(10);
                    rows.add(new Row(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                            r.getString(6), r.getString(7), r.getString(8), r.getInt(9), r.wasNull() ? -1 : setup,
                            r.getLong(11), r.getString(12), r.getString(13)));
                }
            }
        }
        return rows;
    }

    static Summary summary(DataSource dataSource, Filter filter) throws SQLException {
        List<Object> parameters = new ArrayList<>();
        String where = where(filter, parameters);
        try (Connection connection = dataSource.getConnection()) {
            long calls;
            long answered;
            long duration;
            try (PreparedStatement query = prepare(connection, "SELECT COUNT(*),"
                    + " SUM(CASE WHEN answered_at IS NOT NULL THEN 1 ELSE 0 END), SUM(duration_ms) FROM sipsm_cdr c"
                    + where, parameters); ResultSet r = query.executeQuery()) {
                r.next();
                calls = r.getLong(1);
                answered = r.getLong(2);
                duration = r.getLong(3);
            }
            Map<String, Long> reasons = new LinkedHashMap<>();
            try (PreparedStatement query = prepare(connection, "SELECT end_reason, COUNT(*) FROM sipsm_cdr c" + where
                    + " GROUP BY end_reason ORDER BY COUNT(*) DESC, end_reason", parameters);
                    ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    reasons.put(r.getString(1), r.getLong(2));
                }
            }
            return new Summary(calls, answered, duration, reasons);
        }
    }

    private static String where(Filter filter, List<Object> parameters) {
        List<String> conditions = new ArrayList<>();
        if (filter.tenant() != null) {
            conditions.add("c.tenant = ?");
            parameters.add(filter.tenant());
        }
        if (filter.gateway() != null) {
            conditions.add("EXISTS (SELECT 1 FROM sipsm_cdr_attempt a WHERE a.record_id = c.record_id"
                    + " AND a.gateway = ?)");
            parameters.add(filter.gateway());
        }
        if (filter.endReason() != null) {
            conditions.add("c.end_reason = ?");
            parameters.add(filter.endReason());
        }
        if (filter.caller() != null) {
            conditions.add("c.caller = ?");
            parameters.add(filter.caller());
        }
        if (filter.from() > 0) {
            conditions.add("c.invite_at >= ?");
            parameters.add(filter.from());
        }
        if (filter.to() > 0) {
            conditions.add("c.invite_at < ?");
            parameters.add(filter.to());
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters)
            throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i) instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) parameters.get(i));
            }
        }
        return statement;
    }
}
