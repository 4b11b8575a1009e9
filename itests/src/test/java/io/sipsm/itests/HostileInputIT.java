package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.host.HostStatus;

/**
 * Bad input from the network (issue 22, "no remote noise"): hand-made packets over UDP and TCP, then sipsak and
 * sipvicious. Each gets its RFC answer on the wire or is dropped, each is counted by kind, the Karaf log has no
 * error and no stack trace, and a call goes through the B2BUA afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HostileInputIT extends KarafTestSupport {

    private static final int HOST_PORT = 25560;
    private static final int GATEWAY_PORT = 25570;
    private static final Duration ANSWER = Duration.ofSeconds(10);
    private static final int MAX_FORWARDS_ROUNDS = 20;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void handMadeFaultsGetTheirAnswerOrAreDroppedAndCountedOverUdpAndTcp() throws Exception {
        awaitHostTakesCalls("udp", HOST_PORT);
        int logMark = karafLog().size();
        try {
            faults("udp");
            hostTransport("tcp", HOST_PORT);
            faults("tcp");
            keepAliveBeforeAnyRequestGetsItsCrlf();
        } finally {
            hostTransport("udp", HOST_PORT);
        }
        assertNoErrorOrStackTraceSince(logMark);
        assertCallGoesThrough(25561);
    }

    @Test
    public void scannersGetAnswersWithoutNoise() throws Exception {
        awaitHostTakesCalls("udp", HOST_PORT);
        int logMark = karafLog().size();
        String sipsak = run("sipsak", "-vv", "-s", "sip:bob@127.0.0.1:" + HOST_PORT, "-H", "127.0.0.1");
        assertTrue(sipsak, sipsak.contains("SIP/2.0 404 No SIP application for OPTIONS"));
        // Random mode mangles one octet after another until the host stops answering (a message it drops); what
        // it prints depends on the draw, so what is checked is after it: no noise in the log, and a call.
        run("sipsak", "-R", "-s", "sip:bob@127.0.0.1:" + HOST_PORT, "-H", "127.0.0.1");
        String svmap = run("svmap", "127.0.0.1", "-p", Integer.toString(HOST_PORT));
        assertTrue(svmap, svmap.contains("127.0.0.1:" + HOST_PORT));
        String svwar = run("svwar", "-e100-120", "-m", "OPTIONS", "127.0.0.1", "-p", Integer.toString(HOST_PORT));
        assertTrue(svwar, svwar.contains("found nothing"));
        assertNoErrorOrStackTraceSince(logMark);
        assertCallGoesThrough(25563);
    }

    /**
     * Initial requests from one source over {@code limits.rate.initial} a second are dropped without an answer and
     * counted, with no log line per request. Loopback is exempt by default (the machine's own proxy and tools), so
     * the test takes the exemption away for a while.
     */
    @Test
    public void initialRequestsOverTheRateOfOneSourceAreDroppedAndCounted() throws Exception {
        awaitHostTakesCalls("udp", HOST_PORT);
        HostStatus host = service(HostStatus.class);
        int logMark = karafLog().size();
        int sent = 30;
        int rate = 5;
        try {
            updateHost(Map.of("limits.rate.initial", Integer.toString(rate), "limits.rate.exempt.loopback", "false"));
            awaitLoggedSince(logMark, "limits.rate.initial=" + rate + ", limits.rate.exempt.loopback=false");
            Map<String, Long> before = counts(host);
            try (RawSip peer = RawSip.open("udp", HOST_PORT)) {
                for (int i = 0; i < sent; i++) {
                    peer.send(peer.fill(request("OPTIONS", "bob@127.0.0.1:" + HOST_PORT, "rate-" + i, null)));
                }
                peer.finalResponse("rate-" + (sent - 1), Duration.ofSeconds(3));
                long answered = peer.received().size();
                // The sends may straddle the turn of a second: two windows at most.
                assertTrue(answered + " answered", answered >= 1 && answered <= 2 * rate);
                assertEquals("dropped and counted", sent - answered,
                        counts(host).get("initial.rate") - before.get("initial.rate"));
            }
            assertTrue("at most one log line for the kind", karafLog().subList(logMark, karafLog().size()).stream()
                    .filter(line -> line.contains("(initial.rate,")).count() <= 1);
        } finally {
            int restoreMark = karafLog().size();
            updateHost(Map.of("limits.rate.initial", "100", "limits.rate.exempt.loopback", "true"));
            awaitLoggedSince(restoreMark, "limits.rate.initial=100, limits.rate.exempt.loopback=true");
        }
        assertNoErrorOrStackTraceSince(logMark);
        assertCallGoesThrough(25565);
    }

    private static void awaitLoggedSince(int mark, String text) throws InterruptedException {
        await("log line: " + text, Duration.ofSeconds(60), () -> {
            List<String> lines = karafLog();
            return lines.subList(Math.min(mark, lines.size()), lines.size()).stream().anyMatch(l -> l.contains(text));
        });
    }

    private void faults(String transport) throws Exception {
        HostStatus host = service(HostStatus.class);
        Map<String, Long> before = counts(host);
        String user = "bob@127.0.0.1:" + HOST_PORT;

        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            peer.send(peer.fill(request("OPTIONS", user, "nocseq-" + transport, null).replace("CSeq: 1 OPTIONS\r\n", "")));
            RawSip.Response missing = peer.finalResponse("nocseq-" + transport, ANSWER).orElseThrow();
            assertEquals(400, missing.status());
            assertEquals("Bad Request (Missing CSeq)", missing.reason());
        }
        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            // A bare LF inside a header, and text after it that must not come back.
            peer.send(peer.fill(request("OPTIONS", user, "badcseq-" + transport, null)
                    .replace("CSeq: 1 OPTIONS", "CSeq: 1x\nEVIL: <script> OPTIONS")));
            RawSip.Response malformed = peer.finalResponse("badcseq-" + transport, ANSWER).orElseThrow();
            assertEquals(400, malformed.status());
            assertEquals("Bad Request (Malformed CSeq)", malformed.reason());
            assertFalse(malformed.text(), malformed.text().contains("EVIL") || malformed.text().contains("script"));
            assertEquals("0", malformed.header("Content-Length").orElseThrow().trim());
        }
        if (transport.equals("udp")) {
            try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
                String whole = peer.fill(request("OPTIONS", user, "cut-" + transport, null));
                peer.send(whole.substring(0, whole.indexOf("Max-Forwards")));
                RawSip.Response cut = peer.finalResponse("cut-" + transport, ANSWER).orElseThrow();
                assertEquals(400, cut.status());
                assertEquals("Bad Request (Message cut short)", cut.reason());
            }
        }
        for (int i = 0; i < MAX_FORWARDS_ROUNDS; i++) {
            // Several rounds, each on a new connection closed right after: over TCP the host's end was once seen
            // closed under the 483 now and then, with errors logged.
            try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
                String callId = "maxfw-" + i + "-" + transport;
                peer.send(peer.fill(request("INVITE", user, callId, null).replace("Max-Forwards: 70", "Max-Forwards: 0")));
                assertEquals(483, peer.finalResponse(callId, ANSWER).orElseThrow().status());
                if (i % 2 == 0) {
                    // The connection stays for what else the peer sends on it; every other round closes it at once.
                    assertEquals(200, peer.probe(ANSWER));
                }
            }
        }
        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            // Over limits.message.bytes (16384 by default): 513, RFC 3261 section 21.5.14, with no echo.
            peer.send(peer.fill(request("OPTIONS", user, "large-" + transport, null)
                    .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nX-Large: " + "a".repeat(20_000) + "\r\n")));
            RawSip.Response large = peer.finalResponse("large-" + transport, ANSWER).orElseThrow();
            assertEquals(513, large.status());
            assertEquals("Message Too Large", large.reason());
            assertFalse(large.text().contains("aaaa"));
            assertEquals(200, peer.probe(ANSWER));
        }
        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            // Over limits.message.headers (100 by default): 513 too; it is well formed, only more than the host takes.
            StringBuilder many = new StringBuilder();
            for (int i = 0; i < 150; i++) {
                many.append("X-Many-").append(i).append(": ").append(i).append("\r\n");
            }
            peer.send(peer.fill(request("OPTIONS", user, "many-" + transport, null)
                    .replace("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\n" + many)));
            RawSip.Response tooMany = peer.finalResponse("many-" + transport, ANSWER).orElseThrow();
            assertEquals(513, tooMany.status());
            assertEquals("Message Too Large (Too Many Headers)", tooMany.reason());
        }
        if (transport.equals("tcp")) {
            try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
                // A body that would take the message over the limit: answered before it is read, and the connection
                // closed, since what follows on the stream cannot be told from the next message.
                peer.send(peer.fill(request("INVITE", user, "body-" + transport, null)
                        .replace("Content-Length: 0", "Content-Type: application/sdp\r\nContent-Length: 30000")));
                assertEquals(513, peer.finalResponse("body-" + transport, ANSWER).orElseThrow().status());
                await("the connection closed by the host", ANSWER, () -> {
                    try {
                        return peer.probe(Duration.ofMillis(200)) == -1 && peer.closedByHost();
                    } catch (IOException reset) {
                        return true;
                    }
                });
            }
        }
        for (String method : List.of("INFO", "UPDATE", "PRACK", "BYE")) {
            try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
                String callId = "nodialog-" + method + "-" + transport;
                peer.send(peer.fill(request(method, user, callId, "no-such-dialog")));
                assertEquals(method, 481, peer.finalResponse(callId, ANSWER).orElseThrow().status());
            }
        }
        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            peer.send(peer.fill("SIP/2.0 200 OK\r\nVia: SIP/2.0/@TRANSPORT@ 127.0.0.1:" + HOST_PORT + ";branch=z9hG4bK-none\r\n"
                    + "From: <sip:a@127.0.0.1>;tag=1\r\nTo: <sip:bob@127.0.0.1>;tag=2\r\nCall-ID: stray-" + transport
                    + "\r\nCSeq: 1 INVITE\r\nContact: <sip:b@127.0.0.1:@PORT@>\r\nContent-Length: 0\r\n\r\n"));
            assertTrue(peer.probe(ANSWER) > 0);
            assertEquals(List.of(), peer.answers());
        }
        try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
            // A top Via naming the host itself: answered where it came from, not to the host.
            String looped = request("OPTIONS", user, "loop-" + transport, null)
                    .replace("127.0.0.1:@PORT@;branch", "127.0.0.1:" + HOST_PORT + ";branch");
            peer.send(peer.fill(looped));
            assertEquals(404, peer.finalResponse("loop-" + transport, ANSWER).orElseThrow().status());
        }
        if (transport.equals("udp")) {
            try (RawSip peer = RawSip.open(transport, HOST_PORT)) {
                // A UDP request whose Via says TCP: answered over UDP where it came from.
                peer.send(peer.fill(request("OPTIONS", user, "via-tcp", null).replace("SIP/2.0/@TRANSPORT@", "SIP/2.0/TCP")));
                assertEquals(404, peer.finalResponse("via-tcp", ANSWER).orElseThrow().status());
            }
        }

        assertGrew(host, before, "malformed.request", transport.equals("udp") ? 3 : 2);
        assertGrew(host, before, "too.many.hops", MAX_FORWARDS_ROUNDS);
        assertGrew(host, before, "message.too.large", transport.equals("udp") ? 1 : 2);
        assertGrew(host, before, "too.many.headers", 1);
        assertGrew(host, before, "no.dialog", 4);
        assertGrew(host, before, "stray.response", 1);
        if (transport.equals("udp")) {
            // Over TCP the answer goes back on the connection whatever the Via says.
            assertGrew(host, before, "via.loop", 1);
            assertGrew(host, before, "via.transport", 1);
        }
    }

    /** RFC 5626 section 4.4.1: CRLFCRLF on a connection is answered CRLF, also before any request on it. */
    private void keepAliveBeforeAnyRequestGetsItsCrlf() throws Exception {
        try (RawSip peer = RawSip.open("tcp", HOST_PORT)) {
            peer.send("\r\n\r\n");
            assertTrue("CRLF answering CRLFCRLF", peer.awaitCrlf(ANSWER));
        }
    }

    private static String request(String method, String user, String callId, String toTag) {
        return method + " sip:" + user + " SIP/2.0\r\nVia: SIP/2.0/@TRANSPORT@ 127.0.0.1:@PORT@;branch=z9hG4bK-" + callId
                + "\r\nFrom: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:" + user + ">" + (toTag == null ? "" : ";tag=" + toTag)
                + "\r\nCall-ID: " + callId + "\r\nCSeq: 1 " + method + "\r\nMax-Forwards: 70\r\n"
                + "Contact: <sip:alice@127.0.0.1:@PORT@;transport=@TRANSPORT@>\r\nRAck: 1 1 INVITE\r\nContent-Length: 0\r\n\r\n";
    }

    private static Map<String, Long> counts(HostStatus host) {
        return host.networkFaults().stream().collect(Collectors.toMap(HostStatus.NetworkFault::kind,
                HostStatus.NetworkFault::count));
    }

    /**
     * A fault dropped without an answer is counted by the thread that read it, which a later answer on another
     * call need not wait for: the count is awaited, then held to be exact.
     */
    private static void assertGrew(HostStatus host, Map<String, Long> before, String kind, long by)
            throws InterruptedException {
        long expected = before.get(kind) + by;
        await(kind + " counted", ANSWER, () -> counts(host).get(kind) >= expected);
        assertEquals(kind + " counted", expected, (long) counts(host).get(kind));
    }

    private void assertCallGoesThrough(int callerPort) throws Exception {
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), "127.0.0.1:" + HOST_PORT, callerPort, 1,
                        "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    /** Runs a scanner on 127.0.0.1, at most 60 s; returns what it printed. */
    private static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("scanner-", ".out");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in 60 s:\n" + Files.readString(output));
        }
        return Files.readString(output, StandardCharsets.ISO_8859_1);
    }

}
