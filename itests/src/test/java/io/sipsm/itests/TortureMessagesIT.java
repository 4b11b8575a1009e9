package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.CoreOptions;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;
import io.sipsm.host.TransactionTimers;

/**
 * The RFC 4475 torture messages (section 3) sent to the host over UDP and over TCP, through the B2BUA to a
 * gateway that refuses every call: the valid ones are taken, the invalid ones get 400 (505 for another version)
 * or are dropped as the RFC says, nothing is logged as an error, nothing is left behind, and a call goes through
 * afterwards. The messages and what each must get are in {@code src/test/resources/rfc4475}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TortureMessagesIT extends KarafTestSupport {

    private static final int HOST_PORT = 25460;
    private static final int GATEWAY_PORT = 25470;
    private static final Duration ANSWER = Duration.ofSeconds(5);

    private record Case(String name, String section, List<String> allowed) {
    }

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT),
                CoreOptions.systemProperty("sipsm.rfc4475.dir").value(
                        System.getProperty("sipsm.sipp.dir").replace("/sipp", "/rfc4475")));
    }

    @Test
    public void tortureMessagesGetTheirRfcAnswersOverUdpAndTcpAndLeaveNothingBehind() throws Exception {
        awaitHostTakesCalls("udp", HOST_PORT);
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        int logMark = karafLog().size();
        List<String> failures = new ArrayList<>();
        try {
            // T1 = 100 ms: finished transactions linger 64·T1 = 6.4 s, so the end state comes within the test.
            timers.apply(new TransactionTimers.Values(100, 4000, 5000, 32000));
            runAll("udp", failures);
            hostTransport("tcp", HOST_PORT);
            runAll("tcp", failures);
        } finally {
            hostTransport("udp", HOST_PORT);
            timers.apply(before);
        }
        assertTrue(String.join("\n", failures), failures.isEmpty());
        assertNothingLeftBehind();
        assertNoErrorOrStackTraceSince(logMark);
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), "127.0.0.1:" + HOST_PORT, 25461, 1,
                        "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    private void runAll(String transport, List<String> failures) throws Exception {
        String run = transport + Long.toHexString(System.nanoTime() & 0xffffff);
        List<RawSip> dropped = new ArrayList<>();
        List<RawSip> open = new ArrayList<>();
        List<String> outcomes = new ArrayList<>();
        int failed = failures.size();
        try (Sipp gateway = Sipp.server("gateway-busy.xml", Map.of(), GATEWAY_PORT, 1000,
                "tcp".equals(transport) ? new String[] {"-t", "t1"} : new String[0])) {
            if ("tcp".equals(transport)) {
                // The host would log a gateway it cannot connect to: wait until SIPp listens.
                await("gateway listening on TCP " + GATEWAY_PORT, Duration.ofSeconds(30), () -> {
                    try (java.net.Socket probe = new java.net.Socket("127.0.0.1", GATEWAY_PORT)) {
                        return true;
                    } catch (IOException e) {
                        return false;
                    }
                });
            }
            for (Case c : cases()) {
                if ("tcp".equals(transport) && c.name().equals("clerr")) {
                    continue; // RFC 4475 3.1.2.2 is about UDP: over TCP the host waits for the missing octets
                }
                long started = System.nanoTime();
                RawSip peer = RawSip.open(transport, HOST_PORT);
                String text = peer.fill(resource(c.name() + ".dat")).replace("@RUN@", run + "." + outcomes.size())
                        .replace("@GATEWAY@", "127.0.0.1:" + GATEWAY_PORT);
                peer.send(text);
                String outcome = outcome(peer, callId(text), c.allowed());
                outcomes.add(c.name() + " " + outcome + " " + (System.nanoTime() - started) / 1_000_000 + " ms");
                if (!c.allowed().contains(outcome)) {
                    failures.add(transport + " " + c.name() + " (RFC 4475 " + c.section() + "): " + outcome
                            + ", expected " + c.allowed() + "; received " + peer.received());
                }
                // Kept open to the end, as a caller keeps its connection while the host may still answer on it.
                (outcome.equals("dropped") ? dropped : open).add(peer);
            }
            // Anything answered late to a message that had none in time would show now.
            for (RawSip peer : dropped) {
                peer.probe(ANSWER);
                if (!peer.answers().isEmpty()) {
                    failures.add(transport + ": late answer to a dropped message: " + peer.answers());
                }
                peer.close();
            }
            for (RawSip peer : open) {
                peer.close();
            }
        }
        if (failures.size() > failed) {
            failures.add(transport + " outcomes: " + outcomes);
        }
    }

    /** What the host did: "400", "505", "501", "taken" for any other final answer, "dropped" for none. */
    private static String outcome(RawSip peer, String callId, List<String> allowed) throws IOException {
        boolean mayBeDropped = allowed.contains("dropped");
        Optional<RawSip.Response> answer = peer.finalResponse(callId, mayBeDropped ? Duration.ofMillis(300) : ANSWER);
        if (answer.isEmpty() && mayBeDropped) {
            int probe = peer.probe(ANSWER);
            if (probe < 0 && !peer.closedByHost()) {
                return "no answer to the probe either";
            }
            answer = peer.answers().stream().filter(r -> r.status() >= 200).findFirst();
        }
        if (answer.isEmpty()) {
            return "dropped";
        }
        int status = answer.get().status();
        if (status == 400 || status == 505 || status == 501) {
            return Integer.toString(status);
        }
        return status >= 500 && status != 503 ? "server error " + status : "taken";
    }

    private static String callId(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?mi)^(?:Call-ID|i)\\s*:\\s*(\\S+)").matcher(text);
        return m.find() ? m.group(1) : "";
    }

    private static List<Case> cases() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : resource("index.txt").split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.trim().split("\\s+");
            cases.add(new Case(f[0], f[1], List.of(f[2].split("\\|"))));
        }
        assertEquals("RFC 4475 section 3 has 49 messages and two transcribed from its text", 49, cases.size());
        return cases;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = new java.io.FileInputStream(System.getProperty("sipsm.rfc4475.dir") + "/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }


    private void assertNothingLeftBehind() throws Exception {
        HostStatus host = service(HostStatus.class);
        OverloadStatus overload = service(OverloadStatus.class);
        // The stack's figures are there only until the first restart of the container (a transport change is
        // one): the stack's valves are not set up again; without them the application sessions are what is checked.
        await("no application session, dialog or server transaction left", Duration.ofSeconds(60), () ->
                host.applications().stream().allMatch(a -> a.activeApplicationSessions() == 0)
                        && gauge(overload, "dialogs") <= 0 && gauge(overload, "server.transactions") <= 0);
    }

    /** The gauge's value, -1 when the host measures none. */
    static long gauge(OverloadStatus overload, String name) {
        return overload.overload().gauges().stream().filter(g -> g.name().equals(name)).mapToLong(OverloadStatus.Gauge::value)
                .findFirst().orElse(-1);
    }
}
