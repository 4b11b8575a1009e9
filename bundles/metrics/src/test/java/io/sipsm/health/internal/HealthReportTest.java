package io.sipsm.health.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.apache.felix.hc.api.Result;
import org.junit.jupiter.api.Test;

class HealthReportTest {

    private static HealthReport.Check check(String name, Result.Status status, String message) {
        return new HealthReport.Check(name, List.of("systemready"), status, List.of(message), 1, false);
    }

    @Test
    void theWorstCheckDecidesAndOnlyOkAndWarnAnswer200() {
        HealthReport ok = new HealthReport(List.of(), List.of(check("b", Result.Status.OK, "fine")));
        assertEquals(Result.Status.OK, ok.status());
        assertEquals(200, ok.httpStatus());
        HealthReport warn = new HealthReport(List.of(), List.of(check("b", Result.Status.OK, "fine"),
                check("a", Result.Status.WARN, "shedding")));
        assertEquals(Result.Status.WARN, warn.status());
        assertEquals(200, warn.httpStatus());
        for (Result.Status bad : List.of(Result.Status.TEMPORARILY_UNAVAILABLE, Result.Status.CRITICAL,
                Result.Status.HEALTH_CHECK_ERROR)) {
            HealthReport report = new HealthReport(List.of(), List.of(check("a", Result.Status.WARN, "x"),
                    check("b", bad, "y")));
            assertEquals(bad, report.status());
            assertEquals(503, report.httpStatus());
        }
        HealthReport none = new HealthReport(List.of("nosuchtag"), List.of());
        assertEquals(Result.Status.TEMPORARILY_UNAVAILABLE, none.status(), "nothing judged healthy");
        assertEquals(503, none.httpStatus());
        assertEquals("status TEMPORARILY_UNAVAILABLE (tags nosuchtag)\nno health check has these tags\n", none.text());
    }

    @Test
    void textListsEveryCheckByName() {
        HealthReport report = new HealthReport(List.of("systemready"), List.of(check("overload", Result.Status.CRITICAL,
                "CRITICAL at a memory bound"), check("host", Result.Status.OK, "Listening on UDP 127.0.0.1:5060")));
        assertEquals("status CRITICAL (tags systemready)\n"
                + "host OK [systemready] Listening on UDP 127.0.0.1:5060\n"
                + "overload CRITICAL [systemready] CRITICAL at a memory bound\n", report.text());
    }

    @Test
    void jsonIsEscaped() {
        HealthReport report = new HealthReport(List.of(), List.of(check("host", Result.Status.OK, "a \"b\"\\\n\u0001")));
        assertEquals("{\"status\":\"OK\",\"tags\":[],\"checks\":[{\"name\":\"host\",\"status\":\"OK\","
                + "\"tags\":[\"systemready\"],\"messages\":[\"a \\\"b\\\"\\\\\\n\\u0001\"],\"elapsedMillis\":1,"
                + "\"timedOut\":false}]}\n", report.json());
    }
}
