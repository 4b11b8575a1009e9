package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.management.MBeanServer;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.host.HostStatus;
import io.sipsm.host.SipMessageInterceptor;
import io.sipsm.host.TransactionTimers;

/**
 * RFC 4028 session timers on both legs of a B2BUA call, seen from SIPp peers: the negotiated 2xx, 422 for a
 * small offer, refreshes at Session-Expires × (1 − 1/segment) by UPDATE or re-INVITE, glare retried, and both
 * legs hung up when a peer stops answering. Session-Expires 90 s and segment 2 put the refresh at 45 s; T1 of
 * 100 ms makes an unanswered refresh time out in 6.4 s, so every call ends well within SIPp's 60 s.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class SessionTimerIT extends KarafTestSupport {

    private static final int HOST_PORT = 25760;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final long REFRESH_MS = 45_000;
    private static final long TOLERANCE_MS = 2_000;
    /** The Prometheus endpoint's port (issue 24). */
    private static final int METRICS_PORT = 25790;

    /** SIPp's trace: the time stamp of a received message, its start line, and the rest up to the next entry. */
    private static final Pattern RECEIVED = Pattern.compile(
            "-{10,} \\d{4}-\\d{2}-\\d{2} (\\d{2}:\\d{2}:\\d{2}\\.\\d{6})\\s+UDP message received[^\\n]*\\n\\s*([^\\r\\n]+)"
                    + "([\\s\\S]*?)(?=-{10,} \\d{4}-|\\z)");
    private static final Pattern CSEQ = Pattern.compile("(?im)^\\s*CSeq:\\s*(\\d+)");

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(
                karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-session-timer", "sipsm-metrics"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25770"),
                editConfigurationFilePut("etc/io.sipsm.metrics.cfg", "port", Integer.toString(METRICS_PORT)),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_EXPIRES", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_MIN_SE", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_UPDATE_SEGMENT", "2"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_RESEND_INTERVAL", "0.1,0.2,0.4,0.8,1.6,3.2"));
    }

    private void awaitPolicy() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        service(SipMessageInterceptor.class);
        await("the session-timer component's services", Duration.ofSeconds(30), () -> java.util.Arrays
                .stream(bundleContext.getBundles()).anyMatch(b -> "sipsm-session-timer".equals(b.getSymbolicName())
                        && b.getRegisteredServices() != null && b.getRegisteredServices().length > 0));
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(30),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        await("T1 = 100 ms from SS_SIP_RESEND_INTERVAL", Duration.ofSeconds(30), () -> timers.current().t1() == 100);
    }

    @Test
    public void a_offerBelowOurMinSeIsAnswered422WithMinSe() throws Exception {
        awaitPolicy();
        try (Sipp caller = Sipp.client("st-caller-small.xml", Map.of("OFFER", "60", "MIN_SE", "90"), HOST, 25761, 1,
                "carol")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertCount("422 sent", 1);
    }

    @Test
    public void b_bothLegsAreRefreshedAtTheSegmentPointByUpdateAndByReInviteAfterGlare() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25770");
        try (Sipp gateway = Sipp.server("st-gateway-glare.xml", Map.of("EXPECT", "90"), 25770, 1);
                Sipp caller = Sipp.client("st-caller.xml", Map.of("OFFER", "1800", "EXPECT", "90", "HOLD_MS", "7000"),
                        HOST, 25762, 1, "alice")) {
            caller.assertSucceeded(70, TimeUnit.SECONDS);
            gateway.assertSucceeded(20, TimeUnit.SECONDS);

            // The caller's 1800 s was lowered to ours on leg A and rewritten, not added to, on leg B.
            String invite = gateway.trace().substring(0, gateway.trace().indexOf("UDP message sent"));
            assertEquals(invite, 1, occurrences(invite, "Session-Expires:"));

            // Leg A: the host refreshes by UPDATE 45 s after its 2xx.
            long answered = firstReceived(caller.trace(), "SIP/2.0 200");
            long update = firstReceived(caller.trace(), "UPDATE ");
            assertNear("UPDATE to the caller", REFRESH_MS, update - answered);

            // Leg B: no UPDATE in the gateway's Allow, so re-INVITE 45 s after the 2xx (ACK), and again after 491.
            List<Long> invites = received(gateway.trace(), "INVITE ");
            long ack = firstReceived(gateway.trace(), "ACK ");
            assertEquals("INVITE, re-INVITE, retried re-INVITE: " + invites, 3, invites.size());
            assertNear("re-INVITE to the gateway", REFRESH_MS, invites.get(1) - ack);
            long backoff = invites.get(2) - invites.get(1);
            assertTrue("491 back-off of the Call-ID owner, 2.1 to 4 s: " + backoff, backoff >= 2_000 && backoff <= 4_300);
        }
        assertCount("refreshed", 2);
        assertCount("491 retried", 1);
        assertNoErrorsLogged();
    }

    /**
     * The gateway stops answering: its refresh UPDATE gets no response. The host ends both legs with a Reason,
     * at the latest when the session expires (SE − min(32, SE/3) = 60 s after the 2xx), earlier when the host
     * reports the refresh's transaction timeout. The peers outlive SIPp's usual 60 s, so they run here with 90 s.
     */
    @Test
    public void c_peerThatStopsAnsweringRefreshesGetsBothLegsHungUpWithReason() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25771");
        org.osgi.service.cm.Configuration tenant = B2buaTenants.create(this, "acme");
        try {
            expiredSessionIsCountedPerTenant();
        } finally {
            tenant.delete();
        }
    }

    /**
     * Issue 24, the mix's expired session: the call is counted once under its tenant and gateway, ended by the
     * platform for the end reason {@code session_expired}, on the Prometheus endpoint and the MBeans alike.
     */
    private void expiredSessionIsCountedPerTenant() throws Exception {
        String gatewayAddress = "127.0.0.1:25771";
        Map<String, Double> start = MetricsScrape.scrape(METRICS_PORT);
        try (LongSipp gateway = new LongSipp("st-gateway-silent.xml", Map.of("EXPECT", "90"), 25771, null, null);
                LongSipp caller = new LongSipp("st-caller-ended.xml", Map.of("OFFER", "90", "EXPECT", "90"), 25763,
                        HOST, "bob")) {
            gateway.assertSucceeded();
            caller.assertSucceeded();
            long answered = firstReceived(gateway.trace(), "ACK ");
            long update = firstReceived(gateway.trace(), "UPDATE ");
            long bye = firstReceived(gateway.trace(), "BYE ");
            assertNear("UPDATE to the gateway", REFRESH_MS, update - answered);
            assertTrue("BYE after the unanswered UPDATE, by the expiry point: " + (bye - answered) + " ms",
                    bye > update && bye - answered <= 60_000 + TOLERANCE_MS);
            assertTrue(caller.trace(), received(caller.trace(), "BYE ").size() == 1);
        }
        assertCount("expired", 1);
        String status = shell("sipsm:session-timers");
        assertTrue(status, status.contains("0 legs watched"));

        Map<String, Long> call = new LinkedHashMap<>();
        call.put("sipsm_calls_attempted_total{tenant=\"acme\"}", 1L);
        call.put("sipsm_calls_answered_total{gateway=\"" + gatewayAddress + "\",tenant=\"acme\"}", 1L);
        call.put("sipsm_calls_ended_total{ended_by=\"platform\",gateway=\"" + gatewayAddress + "\",tenant=\"acme\"}",
                1L);
        call.put("sipsm_call_end_reasons_total{reason=\"session_expired\",tenant=\"acme\"}", 1L);
        Map<String, Long> timers = Map.of("sipsm_session_timer_events_total{event=\"expired\"}", 1L);
        Map<String, Long> all = new LinkedHashMap<>(call);
        all.putAll(timers);
        Map<String, Double> end = MetricsScrape.awaitDeltas(METRICS_PORT, start, all);
        MBeanServer mbeans = service(MBeanServer.class);
        MetricsScrape.assertMBeanShows(mbeans, "b2bua", end, call.keySet());
        MetricsScrape.assertMBeanShows(mbeans, "session_timer", end, timers.keySet());
        assertNoErrorsLogged();
    }

    @Test
    public void d_aGateway422IsRetriedOnceWithTheMinSeItAskedForNotFailedOver() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25772");
        try (Sipp gateway = Sipp.server("st-gateway-422.xml", Map.of("OFFER", "90", "MIN_SE", "120"), 25772, 2);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25764, 1, "dave")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertCount("422 received", 1);
        assertNoErrorsLogged();
    }

    @Test
    public void e_aGatewayAnswering422AgainGetsNoThirdInviteAndTheCallerGetsThe422() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25773");
        try (Sipp gateway = Sipp.server("st-gateway-422-always.xml", Map.of("MIN_SE", "120"), 25773, 2);
                Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "422"), HOST, 25765, 1, "erin")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertNoErrorsLogged();
    }

    @Test
    public void f_aCallerThatNeverAcksTheAnswerIsHungUpOnBothLegsAndNothingStaysWatched() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25774");
        // T1 = 100 ms: the host gives up on the unacknowledged 2xx after 64·T1 = 6.4 s.
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25774, 1);
                Sipp caller = Sipp.client("st-caller-no-ack.xml", Map.of("OFFER", "90"), HOST, 25766, 1, "fred")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.trace().contains("Reason: SIP;cause=408"));
        }
        awaitNoLegWatched();
        assertNoErrorsLogged();
    }

    /**
     * Glare on both sides (issue 21): the gateway re-INVITEs while the host's refresh is pending, each side answers
     * the other 491. The host's refresh must be retried after the back-off (the 491'd request refreshes nothing,
     * RFC 4028 section 10), and when the retry goes unanswered the host must still end the call on both legs.
     */
    @Test
    public void g_afterGlareOnBothSidesTheHostRetriesAndStillEndsTheCall() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25775");
        try (LongSipp gateway = new LongSipp("st-gateway-glare-both.xml", Map.of("EXPECT", "90"), 25775, null, null);
                LongSipp caller = new LongSipp("st-caller-ended.xml", Map.of("OFFER", "90", "EXPECT", "90"), 25767,
                        HOST, "gina")) {
            gateway.assertSucceeded();
            caller.assertSucceeded();
            List<Long> invites = received(gateway.trace(), "INVITE ");
            assertTrue("INVITE, refresh re-INVITE, retry: " + invites, invites.size() >= 3);
            long backoff = invites.get(2) - invites.get(1);
            assertTrue("491 back-off of the Call-ID owner, 2.1 to 4 s: " + backoff, backoff >= 2_000 && backoff <= 4_300);
            assertTrue(gateway.trace(), gateway.trace().contains("SIP/2.0 491"));
            assertEquals(caller.trace(), 1, received(caller.trace(), "BYE ").size());
        }
        assertCount("491 retried", 1);
        awaitNoLegWatched();
        assertNoErrorsLogged();
    }

    /**
     * Real callers' header shapes (issue 21): a Supported list without {@code timer} and with tags in compact form
     * reaches the gateway with every tag kept and {@code timer} added; the gateway leg's Allow names UPDATE and
     * PRACK whatever the caller allows; and when the gateway lowered the interval below our Min-SE, the refresh
     * offers a Min-SE no larger than its Session-Expires.
     */
    @Test
    public void h_callerSupportedListIsKeptAllowNamesTheHostsMethodsAndRefreshMinSeIsConsistent() throws Exception {
        awaitPolicy();
        configureGateways("127.0.0.1:25776");
        setSessionTimer(120, 120);
        try (Sipp gateway = Sipp.server("st-gateway-lowered.xml", Map.of(), 25776, 1);
                Sipp caller = Sipp.client("st-caller-list.xml", Map.of(), HOST, 25768, 1, "hank")) {
            caller.assertSucceeded(70, TimeUnit.SECONDS);
            gateway.assertSucceeded(20, TimeUnit.SECONDS);
            String invite = gateway.trace().substring(0, gateway.trace().indexOf("UDP message sent"));
            for (String tag : List.of("replaces", "outbound", "gruu", "timer")) {
                assertTrue(tag + " in " + invite, Pattern.compile("(?im)^(Supported|k):.*\\b" + tag + "\\b")
                        .matcher(invite).find());
            }
            Matcher allow = Pattern.compile("(?im)^Allow:(.*)$").matcher(invite);
            StringBuilder allowed = new StringBuilder();
            while (allow.find()) {
                allowed.append(allow.group(1)).append(',');
            }
            assertTrue(invite, allowed.toString().contains("UPDATE") && allowed.toString().contains("PRACK"));
        } finally {
            setSessionTimer(90, 90);
        }
        assertNoErrorsLogged();
    }

    /** Our Session-Expires and Min-SE, in one update since Session-Expires may not be below Min-SE. */
    private void setSessionTimer(long sessionExpires, long minSe) throws Exception {
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.sipsm.sip", "?");
        java.util.Dictionary<String, Object> properties = configuration.getProperties();
        properties.put("SS_SIP_SESSION_EXPIRES", Long.toString(sessionExpires));
        properties.put("SS_SIP_SESSION_MIN_SE", Long.toString(minSe));
        configuration.update(properties);
        io.sipsm.config.SettingsResolver resolver = service(io.sipsm.config.SettingsResolver.class);
        await("Session-Expires " + sessionExpires + ", Min-SE " + minSe, Duration.ofSeconds(30), () -> {
            io.sipsm.config.SipSettings settings = resolver.resolve(new io.sipsm.config.NewCall(null, null, null))
                    .settings();
            return settings.sessionExpires().toSeconds() == sessionExpires
                    && settings.minSessionExpires().toSeconds() == minSe;
        });
    }

    private void assertCount(String outcome, long atLeast) throws Exception {
        String output = shell("sipsm:session-timers");
        Matcher m = Pattern.compile(Pattern.quote(outcome) + "\\W+(\\d+)").matcher(output);
        assertTrue(output, m.find());
        assertTrue(output, Long.parseLong(m.group(1)) >= atLeast);
    }

    private static void assertNear(String what, long expectedMs, long actualMs) {
        assertTrue(what + ": expected " + expectedMs + " ms ± " + TOLERANCE_MS + ", was " + actualMs,
                Math.abs(actualMs - expectedMs) <= TOLERANCE_MS);
    }

    private static int occurrences(String text, String needle) {
        int count = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            count++;
        }
        return count;
    }

    static long firstReceived(String trace, String startLinePrefix) {
        List<Long> times = received(trace, startLinePrefix);
        assertTrue("nothing received starting with " + startLinePrefix + "\n" + trace, !times.isEmpty());
        return times.get(0);
    }

    /**
     * Receive times, in milliseconds of the day, of the messages whose start line begins with the prefix; a
     * retransmission (same start line and CSeq number as one received before) is left out.
     */
    static List<Long> received(String trace, String startLinePrefix) {
        List<Long> times = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        Matcher m = RECEIVED.matcher(trace);
        while (m.find()) {
            Matcher cseq = CSEQ.matcher(m.group(3));
            String key = m.group(2) + " " + (cseq.find() ? cseq.group(1) : "");
            if (m.group(2).startsWith(startLinePrefix) && seen.add(key)) {
                times.add(LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000);
            }
        }
        return times;
    }

    /** A SIPp peer like {@link Sipp}, with a 90 s global timeout for calls that outlive 60 s. */
    private static final class LongSipp implements AutoCloseable {

        private final Process process;
        private final java.nio.file.Path messages;

        /** A server on {@code localPort} when {@code target} is null, else a client calling {@code service}. */
        LongSipp(String scenario, Map<String, String> fill, int localPort, String target, String service)
                throws java.io.IOException {
            java.nio.file.Path work = java.nio.file.Files.createTempDirectory("sipp-" + scenario.replace(".xml", "") + "-");
            String text = java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("sipsm.sipp.dir"), scenario));
            for (Map.Entry<String, String> e : fill.entrySet()) {
                text = text.replace("@" + e.getKey() + "@", e.getValue());
            }
            java.nio.file.Path file = java.nio.file.Files.writeString(work.resolve(scenario), text);
            messages = work.resolve("messages.log");
            List<String> command = new ArrayList<>(List.of("sipp"));
            if (target != null) {
                command.addAll(List.of(target, "-s", service));
            }
            command.addAll(List.of("-sf", file.toString(), "-i", "127.0.0.1", "-p", Integer.toString(localPort), "-m", "1",
                    "-timeout", "90s", "-timeout_error", "-nostdin", "-trace_msg", "-message_file", messages.toString()));
            process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("sipp.out").toFile()).start();
        }

        void assertSucceeded() throws InterruptedException {
            if (!process.waitFor(100, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("SIPp did not finish\n" + trace());
            }
            assertEquals(trace(), 0, process.exitValue());
        }

        String trace() {
            try {
                return java.nio.file.Files.exists(messages) ? java.nio.file.Files.readString(messages) : "";
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private void awaitNoLegWatched() throws InterruptedException {
        await("no leg left watched", Duration.ofSeconds(10), () -> {
            try {
                return shell("sipsm:session-timers").contains("0 legs watched");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
