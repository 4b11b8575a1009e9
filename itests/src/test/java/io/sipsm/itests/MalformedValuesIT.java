package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.host.HostStatus;
import io.sipsm.host.SipMessageInterceptor;

/**
 * Malformed and out-of-range values on the wire get the answer the RFCs and the README name (issue 21): 400
 * naming the header for Session-Expires and Min-SE (full or compact name), 400 for a PUBLISH's Expires, 489 for
 * a PUBLISH without Event (RFC 3903), 481 for a CANCEL of no transaction; none of them logs an error or a stack
 * trace.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class MalformedValuesIT extends KarafTestSupport {

    private static final int HOST_PORT = 25860;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final String HUGE = "100000000000000000000";

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-session-timer",
                "sipsm-publish"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25870"),
                editConfigurationFilePut("etc/io.sipsm.publish.cfg", "allowed.sources", "127.0.0.1"));
    }

    private void awaitHost() throws Exception {
        service(SipMessageInterceptor.class);
        service(GatewayAvailability.class);
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(30),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        await("the session-timer policy", Duration.ofSeconds(30), () -> java.util.Arrays
                .stream(bundleContext.getBundles()).anyMatch(b -> "sipsm-session-timer".equals(b.getSymbolicName())
                        && b.getRegisteredServices() != null && b.getRegisteredServices().length > 0));
    }

    @Test
    public void malformedSessionExpiresAndMinSeGet400NamingTheHeader() throws Exception {
        awaitHost();
        int logged = karafLog().size();
        List<String> lines = List.of("Session-Expires: abc", "Session-Expires: -1", "Session-Expires: " + HUGE,
                "x: abc", "Min-SE: abc", "Min-SE: -5", "Min-SE: " + HUGE);
        try (Sipp caller = Sipp.client("invite-malformed.xml", Map.of(), HOST, 25861, lines.size(), "alice",
                "-inf", injection(lines).toString())) {
            caller.assertSucceeded(40, TimeUnit.SECONDS);
            List<String> answers = caller.startLines().stream().filter(l -> l.startsWith("SIP/2.0 4")).toList();
            assertEquals(answers.toString(), 4, answers.stream()
                    .filter("SIP/2.0 400 Malformed Session-Expires Header"::equals).count());
            assertEquals(answers.toString(), 3, answers.stream()
                    .filter("SIP/2.0 400 Malformed Min-SE Header"::equals).count());
        }
        assertNothingLoggedAfter(logged);
    }

    @Test
    public void malformedPublishGets400AndOneWithoutEventGets489() throws Exception {
        awaitHost();
        int logged = karafLog().size();
        List<String> badExpires = List.of("Event: presence;Expires: -1", "Event: presence;Expires: abc",
                "Event: presence;Expires:");
        try (Sipp gateway = Sipp.client("publish-malformed.xml", Map.of("STATUS", "400"), HOST, 25862,
                badExpires.size(), "gateway", "-inf", injection(badExpires).toString())) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertEquals(gateway.trace(), 3, gateway.startLines().stream()
                    .filter("SIP/2.0 400 Malformed Expires Header"::equals).count());
        }
        try (Sipp gateway = Sipp.client("publish-malformed.xml", Map.of("STATUS", "489"), HOST, 25863, 1, "gateway",
                "-inf", injection(List.of("Subject: no event;Expires: 600")).toString())) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.startLines().contains("SIP/2.0 489 Bad Event"));
        }
        assertNothingLoggedAfter(logged);
    }

    @Test
    public void cancelOfNoTransactionGets481() throws Exception {
        awaitHost();
        int logged = karafLog().size();
        try (Sipp caller = Sipp.client("cancel-unknown.xml", Map.of(), HOST, 25864, 1, "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertNothingLoggedAfter(logged);
    }

    /** A SIPp injection file: one call per line, fields separated by semicolons. */
    private static Path injection(List<String> lines) throws Exception {
        Path file = Files.createTempFile("sipp-fields-", ".csv");
        Files.writeString(file, "SEQUENTIAL\n" + String.join("\n", lines) + "\n");
        return file;
    }

    /** No ERROR and no stack trace in the Karaf log since it had this many lines. */
    private static void assertNothingLoggedAfter(int lines) {
        List<String> log = karafLog();
        List<String> bad = log.subList(Math.min(lines, log.size()), log.size()).stream()
                .filter(l -> l.contains("| ERROR |") || l.contains("Exception") || l.trim().startsWith("at "))
                .toList();
        assertTrue("Errors in the Karaf log:\n" + String.join("\n", bad), bad.isEmpty());
    }
}
