package io.sipsm.host.internal.whiteboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ApplicationRoutesTest {

    @Test
    void theRouterNamesTheContextOfTheVersionServingWhileTheOrderGoesByApplicationName() {
        List<ApplicationRoutes.Candidate> candidates = List.of(
                new ApplicationRoutes.Candidate("presence", "presence", List.of("PUBLISH", "INVITE"), 0),
                new ApplicationRoutes.Candidate("b2bua", "b2bua~2", List.of("INVITE"), 3));

        Map<String, String> routes = ApplicationRoutes.byMethod(List.of("b2bua"), candidates);

        assertEquals(Map.of("INVITE", "b2bua~2", "PUBLISH", "presence"), routes);
        assertEquals("INVITE: (\"b2bua~2\", \"DAR:From\", \"ORIGINATING\", \"\", \"NO_ROUTE\", \"0\")\n",
                ApplicationRoutes.dar(Map.of("INVITE", "b2bua~2")));
    }

    @Test
    void withoutARoutingOrderTheFirstDeployedTakesAMethod() {
        List<ApplicationRoutes.Candidate> candidates = List.of(
                new ApplicationRoutes.Candidate("b2bua", "b2bua~2", List.of("INVITE"), 3),
                new ApplicationRoutes.Candidate("echo", "echo", List.of("invite"), 1));

        assertEquals(Map.of("INVITE", "echo"), ApplicationRoutes.byMethod(List.of(), candidates));
    }
}
