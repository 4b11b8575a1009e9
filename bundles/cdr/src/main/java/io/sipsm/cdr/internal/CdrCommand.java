package io.sipsm.cdr.internal;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.table.ShellTable;

import io.sipsm.cdr.EndReason;

/** {@code sipsm:cdr}: recent call records with filters, a summary over a range, and the writer's figures. */
@Command(scope = "sipsm", name = "cdr",
        description = "Lists recent call records (filters: tenant, gateway, end reason, caller, time range), sums them"
                + " up (ASR, ACD, end reasons) with --summary, or shows the store's figures with --status")
@Service
public class CdrCommand implements Action {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Reference
    CdrStore store;

    @Reference
    Session session;

    @Option(name = "--tenant", description = "Only calls of this tenant")
    String tenant;

    @Option(name = "--gateway", description = "Only calls offered to this gateway, host:port as configured")
    String gateway;

    @Option(name = "--reason", description = "Only calls that ended so, e.g. \"session expired\" or SESSION_EXPIRED")
    String reason;

    @Option(name = "--caller", description = "Only calls from this caller (From user part)")
    String caller;

    @Option(name = "--since", description = "Calls started since: 30m, 2h, 7d ago, or a time 2026-12-07T08:00")
    String since;

    @Option(name = "--until", description = "Calls started before: same forms as --since")
    String until;

    @Option(name = "--limit", description = "Records listed at most (default 20)")
    int limit = 20;

    @Option(name = "--summary", description = "Sums the selected calls up instead of listing them")
    boolean summary;

    @Option(name = "--status", description = "The store's figures: written, journaled, replayed, refused, lost ...")
    boolean status;

    @Option(name = "--no-format", description = "Plain columns, no table borders (for scripts)")
    boolean noFormat;

    @Override
    public Object execute() throws SQLException {
        PrintStream out = session.getConsole();
        if (status) {
            store.figures().forEach((name, value) -> out.println(name + ": " + value));
            return null;
        }
        CdrQueries.Filter filter;
        try {
            Instant now = Instant.now();
            String label = reason == null ? null : EndReason.parse(reason).map(EndReason::label)
                    .orElseThrow(() -> new IllegalArgumentException("--reason " + reason + ": not one of "
                            + Arrays.stream(EndReason.values()).map(EndReason::label).collect(Collectors.joining(", "))));
            if (limit < 1) {
                throw new IllegalArgumentException("--limit " + limit + ": must be 1 or more");
            }
            filter = new CdrQueries.Filter(tenant, gateway, label, caller, time("--since", since, now),
                    time("--until", until, now));
        } catch (IllegalArgumentException refused) {
            out.println(refused.getMessage());
            return null;
        }
        if (summary) {
            printSummary(store.summary(filter), out);
        } else {
            printRows(store, filter, limit, out, !noFormat);
        }
        return null;
    }

    /** Milliseconds since the epoch for {@code 30m}, {@code 2h}, {@code 7d} ago, an instant, a local time or date. */
    static long time(String option, String text, Instant now) {
        if (text == null) {
            return 0;
        }
        String value = text.trim();
        try {
            if (value.matches("\\d+[smhd]")) {
                long amount = Long.parseLong(value.substring(0, value.length() - 1));
                Duration ago = switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    default -> Duration.ofDays(amount);
                };
                return now.minus(ago).toEpochMilli();
            }
            if (value.endsWith("Z") || value.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return Instant.parse(value).toEpochMilli();
            }
            if (value.contains("T")) {
                return LocalDateTime.parse(value).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
            }
            return LocalDate.parse(value).atStartOfDay(ZoneId.systemDefault()).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException(option + " " + value + ": not a time (30m, 2h, 7d, 2026-12-07,"
                    + " 2026-12-07T08:00 or 2026-12-07T08:00:00Z)");
        }
    }

    static void printSummary(CdrQueries.Summary sums, PrintStream out) {
        out.println("Calls: " + sums.calls() + ", answered: " + sums.answered());
        out.println(String.format(Locale.ROOT, "ASR: %.1f %%, ACD: %.1f s", sums.asr(), sums.acdSeconds()));
        ShellTable table = new ShellTable();
        table.column("End reason");
        table.column("Calls").alignRight();
        sums.endReasons().forEach((label, count) -> table.addRow().addContent(label, count));
        table.print(out, true);
    }

    private static void printRows(CdrStore store, CdrQueries.Filter filter, int limit, PrintStream out,
            boolean format) throws SQLException {
        ShellTable table = new ShellTable();
        for (String column : new String[] {"Start", "Call-ID", "Caller", "Callee", "Tenant", "End reason", "By",
            "Status", "Setup s", "Duration s", "Gateways", "Reason"}) {
            table.column(column);
        }
        for (CdrQueries.Row row : store.recent(filter, limit)) {
            table.addRow().addContent(TIME.format(Instant.ofEpochMilli(row.inviteAt()).atZone(ZoneId.systemDefault())),
                    row.callerCallId(), text(row.caller()), text(row.callee()), text(row.tenant()), row.endReason(),
                    row.endDirection().toLowerCase(Locale.ROOT) + (row.endedBy() == null ? "" : " " + row.endedBy()),
                    row.finalStatus(), row.setupMillis() < 0 ? "" : seconds(row.setupMillis()),
                    seconds(row.durationMillis()), text(row.gateways()), text(row.reasonText()));
        }
        table.print(out, format);
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f", millis / 1000.0);
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
