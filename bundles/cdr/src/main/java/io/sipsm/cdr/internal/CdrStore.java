package io.sipsm.cdr.internal;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** The store as {@code sipsm:cdr} sees it: its figures, and the questions it asks the database. */
public interface CdrStore {

    /** Counters and gauges of the writer, by name, in a stable order. */
    Map<String, Object> figures();

    List<CdrQueries.Row> recent(CdrQueries.Filter filter, int limit) throws SQLException;

    CdrQueries.Summary summary(CdrQueries.Filter filter) throws SQLException;
}
