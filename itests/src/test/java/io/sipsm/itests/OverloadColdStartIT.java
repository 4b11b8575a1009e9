package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;

/**
 * A host that starts under load does not drown (issue 20 item 4): a fresh Karaf whose SIP stack has carried no
 * call yet (the JIT has compiled none of its path) is offered at once a burst of calls through the B2BUA, more
 * than a cold host on a shared two-core machine carries. What is asserted are the safety properties, not
 * capacity figures: the first call is answered within 2 s, every call either answered and completed or refused
 * with 503 and Retry-After (SIPp counts no failed call, so none timed out), the counters add up, and nothing is
 * left in the host afterwards. A class of its own so that its Karaf is fresh.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OverloadColdStartIT extends KarafTestSupport {

    private static final int HOST_PORT = 26960;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final int GATEWAY_PORT = 26970;
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** Offered at once: 4 s at this rate. Bounded so that a slow machine still ends the test in a minute. */
    private static final int RATE = Integer.getInteger("sipsm.coldstart.rate", 200);
    private static final int CALLS = RATE * 4;
    /** SIPp's message trace: a separator line ending in the local time, then what was sent or received. */
    private static final Pattern TRACED = Pattern.compile(
            "^-{10,} (\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{6})\\s*\\R\\S+ message (sent|received)[^\\n]*\\R\\s*(\\S+ \\S+)",
            Pattern.MULTILINE);
    private static final DateTimeFormatter TRACE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS");

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void aFreshHostFloodedAtOnceAnswersItsFirstCallSoonAndLetsNoCallTimeOut() throws Exception {
        HostStatus host = service(HostStatus.class);
        OverloadStatus status = service(OverloadStatus.class);
        await("the B2BUA deployed", WAIT, () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        // What a proxy waits for before it puts a restarted node back in rotation. Before the boot had finished,
        // the host's threads stood still for seconds with the B2BUA deployed: that is no load to shed.
        await("a keep-alive OPTIONS answered 200", WAIT, OverloadColdStartIT::probeAnswered200);
        OverloadStatus.Snapshot before = status.overload();
        assertEquals("no call before the burst", 0, before.accepted() + before.refused());
        int logMark = karafLog().size();

        long accepted;
        try (Sipp gateway = Sipp.server("patient-uas.xml", Map.of(), GATEWAY_PORT, CALLS);
                Sipp burst = Sipp.client("overload-uac.xml", Map.of("HOLD_MS", "1000"), HOST, 26961, CALLS, "burst",
                        "-r", Integer.toString(RATE))) {
            int exit = burst.await(120, TimeUnit.SECONDS);
            String trace = burst.trace();
            long firstAnswerMillis = firstAnswerMillis(trace);
            OverloadStatus.Snapshot after = status.overload();
            accepted = after.accepted() - before.accepted();
            long refused = after.refused() - before.refused();
            long refusedInTrace = burst.startLines().stream().filter(l -> l.startsWith("SIP/2.0 503")).count();
            long timeouts = burst.timeouts() + gateway.timeouts();
            System.out.printf("cold start: %d calls at %d/s offered, %d answered, %d refused with 503 (%d 503s "
                    + "received), first call answered after %d ms, %d calls timed out, SIPp exit %d%n", CALLS, RATE,
                    accepted, refused, refusedInTrace, firstAnswerMillis, timeouts, exit);
            // No call failed by timeout: every INVITE and BYE answered, by the callee or with 503. SIPp's other
            // failures are its strictness with a cold host's late messages (a 100 Trying for a copy of the INVITE
            // that comes after the 200, a copy of the gateway leg's INVITE), not calls lost; they are printed.
            assertEquals("calls that timed out", 0, timeouts);
            assertTrue("first call answered after " + firstAnswerMillis + " ms",
                    firstAnswerMillis >= 0 && firstAnswerMillis <= 2_000);
            assertEquals("every call decided once", CALLS, accepted + refused);
            assertTrue("some calls carried: " + accepted, accepted > 0);
            // Copies of a refused INVITE each get the 503 again, so the trace may show more than the count.
            assertTrue(refusedInTrace + " 503s for " + refused + " refused", refusedInTrace >= refused);
            long finalAccepted = accepted;
            await(accepted + " BYEs at the gateway", WAIT, () -> byes(gateway) >= finalAccepted);
        }

        // Nothing left: no session, and the dialogs gone once their linger (8 s) has passed.
        await("no call left in the host", WAIT, () -> host.applications().stream()
                .mapToInt(HostStatus.Application::activeApplicationSessions).sum() == 0);
        await("no dialog left", WAIT, () -> gauge(status.overload(), "dialogs") == 0);
        await("the host accepting calls again", WAIT, () -> !status.overload().refusing());
        assertNoErrorOrStackTraceSince(logMark);
    }

    private static boolean probeAnswered200() {
        try (Sipp probe = Sipp.client("overload-options.xml", Map.of("STATUS", "200"), HOST, 26962, 1, "probe")) {
            return probe.await(30, TimeUnit.SECONDS) == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** From the first INVITE sent to the first 200 for an INVITE received; -1 for none. */
    private static long firstAnswerMillis(String trace) {
        Matcher m = TRACED.matcher(trace);
        long firstInvite = -1;
        while (m.find()) {
            long millis = LocalDateTime.parse(m.group(1), TRACE_TIME).toInstant(ZoneOffset.UTC).toEpochMilli();
            String startLine = m.group(3);
            if (firstInvite < 0 && m.group(2).equals("sent") && startLine.startsWith("INVITE ")) {
                firstInvite = millis;
            } else if (firstInvite >= 0 && m.group(2).equals("received") && startLine.equals("SIP/2.0 200")
                    && inviteAnswer(trace, m.end())) {
                return millis - firstInvite;
            }
        }
        return -1;
    }

    /** Whether the message starting here answers an INVITE (its CSeq names INVITE), not a BYE. */
    private static boolean inviteAnswer(String trace, int from) {
        int cseq = trace.indexOf("CSeq:", from);
        int eol = cseq < 0 ? -1 : trace.indexOf('\n', cseq);
        return cseq >= 0 && eol > 0 && trace.substring(cseq, eol).contains("INVITE");
    }

    private static long gauge(OverloadStatus.Snapshot snapshot, String name) {
        return snapshot.gauges().stream().filter(g -> g.name().equals(name)).mapToLong(OverloadStatus.Gauge::value)
                .findFirst().orElse(-1);
    }

    private static long byes(Sipp gateway) {
        return gateway.startLines().stream().filter(l -> l.startsWith("BYE ")).count();
    }
}
