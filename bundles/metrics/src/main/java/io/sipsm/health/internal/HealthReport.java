package io.sipsm.health.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.felix.hc.api.Result;
import org.apache.felix.hc.api.ResultLog;

/**
 * The results of one run of the checks, as the HTTP endpoint and {@code sipsm:health} show them. The overall
 * status is the worst of the checks' (Felix's order: OK, WARN, TEMPORARILY_UNAVAILABLE, CRITICAL,
 * HEALTH_CHECK_ERROR); over HTTP OK and WARN answer 200, the rest 503, as Felix's own servlet does.
 *
 * @param tags the tags asked for, empty for every check
 * @param checks each check's result, by name
 */
public record HealthReport(List<String> tags, List<Check> checks) {

    /**
     * One check's result.
     *
     * @param messages what it found, each but the OK ones prefixed with its level
     */
    public record Check(String name, List<String> tags, Result.Status status, List<String> messages,
            long elapsedMillis, boolean timedOut) {

        public Check {
            tags = List.copyOf(tags);
            messages = List.copyOf(messages);
        }

        /** The messages of a Felix result, debug entries left out. */
        static List<String> messages(Result result) {
            List<String> messages = new ArrayList<>();
            for (ResultLog.Entry entry : result) {
                if (!entry.isDebug()) {
                    messages.add(entry.getStatus() == Result.Status.OK ? entry.getMessage()
                            : entry.getStatus() + " " + entry.getMessage());
                }
            }
            return messages;
        }
    }

    public HealthReport {
        tags = List.copyOf(tags);
        checks = checks.stream().sorted(Comparator.comparing(Check::name)).toList();
    }

    /**
     * The worst status of the checks; TEMPORARILY_UNAVAILABLE when none ran: no check matched the tags, or the
     * checks are not registered yet (while the bundles start), and nothing was judged healthy.
     */
    public Result.Status status() {
        return checks.stream().map(Check::status).max(Comparator.naturalOrder())
                .orElse(Result.Status.TEMPORARILY_UNAVAILABLE);
    }

    /** 200 when the checks are OK or WARN, 503 otherwise. */
    public int httpStatus() {
        return status().compareTo(Result.Status.WARN) <= 0 ? 200 : 503;
    }

    /** One line for the overall status, then one per check: {@code name STATUS [tags] message; message}. */
    public String text() {
        StringBuilder text = new StringBuilder("status ").append(status()).append(tags.isEmpty() ? ""
                : " (tags " + String.join(",", tags) + ")").append('\n');
        if (checks.isEmpty()) {
            text.append("no health check ").append(tags.isEmpty() ? "is registered" : "has these tags").append('\n');
        }
        for (Check check : checks) {
            text.append(check.name()).append(' ').append(check.status()).append(" [")
                    .append(String.join(",", check.tags())).append("] ")
                    .append(check.timedOut() ? "timed out; " : "")
                    .append(String.join("; ", check.messages())).append('\n');
        }
        return text.toString();
    }

    /** The same as a JSON object: {@code status}, {@code tags} and {@code checks}. */
    public String json() {
        return "{\"status\":" + quote(status().name()) + ",\"tags\":" + array(tags) + ",\"checks\":["
                + checks.stream().map(c -> "{\"name\":" + quote(c.name()) + ",\"status\":" + quote(c.status().name())
                        + ",\"tags\":" + array(c.tags()) + ",\"messages\":" + array(c.messages())
                        + ",\"elapsedMillis\":" + c.elapsedMillis() + ",\"timedOut\":" + c.timedOut() + "}")
                        .collect(Collectors.joining(","))
                + "]}\n";
    }

    private static String array(List<String> values) {
        return values.stream().map(HealthReport::quote).collect(Collectors.joining(",", "[", "]"));
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
