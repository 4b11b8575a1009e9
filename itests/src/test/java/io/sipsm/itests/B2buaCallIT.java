package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;
import javax.servlet.sip.SipServlet;

import org.junit.Assume;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.host.TransactionTimers;

/** Calls through the routing B2BUA to SIPp gateways over loopback UDP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class B2buaCallIT extends KarafTestSupport {

    private static final int HOST_PORT = 25260;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    /** The Prometheus endpoint's port (issue 24). */
    private static final int METRICS_PORT = 25290;
    /** Karaf's JMX connector over RMI (issue 24): its registry and server ports, on 127.0.0.1. */
    private static final int RMI_REGISTRY_PORT = 25291;
    private static final int RMI_SERVER_PORT = 25292;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-metrics"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25270"),
                editConfigurationFilePut("etc/io.sipsm.metrics.cfg", "port", Integer.toString(METRICS_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiRegistryPort",
                        Integer.toString(RMI_REGISTRY_PORT)),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerHost", "127.0.0.1"),
                editConfigurationFilePut("etc/org.apache.karaf.management.cfg", "rmiServerPort",
                        Integer.toString(RMI_SERVER_PORT)),
                // The account a JMX console logs in with (stock Karaf ships it commented out); viewer may read.
                editConfigurationFilePut("etc/users.properties", "karaf", "karaf,viewer"));
    }

    @Test
    public void callIsRelayedAnsweredHeldAndHungUpOnBothLegs() throws Exception {
        service(TransactionTimers.class);
        awaitGateways("127.0.0.1:25270");
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "1000"), HOST, 25261, 1, "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            // The gateway got the dialled user, the caller's offer and the BYE; the caller got the callee's answer.
            assertTrue(gateway.trace(), gateway.trace().contains("INVITE sip:alice@127.0.0.1:25270 SIP/2.0"));
            assertTrue(gateway.startLines().toString(), gateway.startLines().stream().anyMatch(l -> l.startsWith("BYE ")));
            assertTrue(caller.startLines().toString(), caller.startLines().contains("SIP/2.0 180 Ringing"));
        }
        assertNoErrorsLogged();
    }

    /**
     * The B2BUA relays no more than a call needs (issue 22): a caller's Route elsewhere does not steer the INVITE
     * (it reaches the configured gateway, which sees no trace of it), a header of 2,000 characters is not passed
     * on, nor are extension headers past the relay's count.
     */
    @Test
    public void aCallersRouteAndExcessHeadersDoNotReachTheGateway() throws Exception {
        service(TransactionTimers.class);
        awaitGateways("127.0.0.1:25270");
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 1);
                Sipp caller = Sipp.client("uac-hostile-headers.xml", Map.of("HOLD_MS", "200"), HOST, 25264, 1,
                        "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            String received = gateway.trace();
            assertTrue(received, received.contains("INVITE sip:alice@127.0.0.1:25270 SIP/2.0"));
            assertFalse("the caller's Route", received.contains("25279"));
            assertFalse("the 2,000-character header", received.contains("X-Big"));
            assertTrue("extension headers within the count", received.contains("X-Ext-0: 0"));
            assertFalse("extension headers past the count", received.contains("X-Ext-39"));
        }
        assertNoErrorsLogged();
    }

    /**
     * The gateway rings and answers back to back, for many calls at once: the host hands a call's messages to its
     * threads one at a time, so the 180 is relayed before the 200 every time (a 180 after the 200 would be an
     * unexpected message for the caller, a 180 lost is missing from the count).
     */
    @Test
    public void aRingingAnsweredAtOnceReachesTheCallerBeforeTheAnswer() throws Exception {
        service(TransactionTimers.class);
        awaitGateways("127.0.0.1:25270");
        int calls = 40;
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, calls);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25263, calls, "alice", "-r",
                        "40")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(60, TimeUnit.SECONDS);
            assertEquals(calls, caller.startLines().stream().filter(l -> l.equals("SIP/2.0 180 Ringing")).count());
        }
        assertNoErrorsLogged();
    }

    @Test
    public void byeOfNoDialogGets481WithoutAnErrorLogged() throws Exception {
        service(TransactionTimers.class);
        int errorsBefore = errorLines().size();
        try (Sipp peer = Sipp.client("stray-bye.xml", Map.of(), HOST, 25262, 1, "alice")) {
            peer.assertSucceeded(30, TimeUnit.SECONDS);
        }
        // No ERROR: the container alone answers it through an exception logged with its stack trace.
        List<String> errors = errorLines();
        assertEquals(errors.toString(), errorsBefore, errors.size());
    }

    private static List<String> errorLines() {
        return karafLog().stream().filter(line -> line.contains("| ERROR |")).toList();
    }

    @Test
    public void silentGatewayIsGivenUpAndTheCallLandsOnTheNext() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        configureGateways("127.0.0.1:25271,127.0.0.1:25272");
        // T1 = 100 ms: the silent gateway's INVITE transaction times out after 64·T1 = 6.4 s.
        timers.apply(new TransactionTimers.Values(100, 4000, 5000, 32000));
        try (Sipp silent = Sipp.server("silent.xml", Map.of("WAIT_MS", "10000"), 25271, 1);
                Sipp answering = Sipp.server("uas.xml", Map.of(), 25272, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25262, 1, "bob")) {
            caller.assertSucceeded(40, TimeUnit.SECONDS);
            answering.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(silent.trace(), silent.trace().contains("INVITE sip:bob@127.0.0.1:25271 SIP/2.0"));
            assertTrue(answering.trace(), answering.trace().contains("INVITE sip:bob@127.0.0.1:25272 SIP/2.0"));
        } finally {
            timers.apply(before);
            configureGateways("127.0.0.1:25270");
        }
    }

    /**
     * Issue 24: after a known mix of calls of one tenant (3 answered by one gateway, 2 refused 486 by another, 1
     * that a third never answers, 408 after 64·T1, and 2 the host refuses 503 for load), the Prometheus endpoint
     * shows exactly those counts under the tenant and each gateway, with their end reasons, the host's refusals and
     * its retransmissions of the unanswered INVITE, and the MBeans and {@code sipsm:metrics} show the same values.
     * The mix's expired session is in {@code SessionTimerIT} (RFC 4028's 90 s floor puts it past a minute).
     */
    @Test
    public void figuresShowEachOutcomePerTenantAndGatewayOnPrometheusJmxAndTheShell() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        org.osgi.service.cm.Configuration tenant = B2buaTenants.create(this, "acme");
        String a = "127.0.0.1:25270";
        String b = "127.0.0.1:25273";
        String c = "127.0.0.1:25274";
        try {
            configureGateways(a);
            Map<String, Double> start = MetricsScrape.scrape(METRICS_PORT);
            try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 3);
                    Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25265, 3, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                gateway.assertSucceeded(30, TimeUnit.SECONDS);
            }
            configureGateways(b);
            try (Sipp gateway = Sipp.server("gateway-busy.xml", Map.of(), 25273, 2);
                    Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "486"), HOST, 25266, 2, "bob")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                gateway.assertSucceeded(30, TimeUnit.SECONDS);
            }
            configureGateways(c);
            // T1 = 100 ms: the silent gateway's INVITE transaction times out after 64·T1 = 6.4 s.
            timers.apply(new TransactionTimers.Values(100, 4000, 5000, 32000));
            try (Sipp silent = Sipp.server("silent.xml", Map.of("WAIT_MS", "10000"), 25274, 1);
                    Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "408"), HOST, 25267, 1,
                            "carol")) {
                caller.assertSucceeded(40, TimeUnit.SECONDS);
            }
            timers.apply(before);
            // Refused for load: a heap bound of 1 % is passed at once; the host answers 503 before any application.
            // The bound reads the heap left after the last collection, which a quiet JVM may not have had since
            // boot: this test runs inside Karaf, so it has one.
            updateHost(Map.of("overload.heap.percent", "1"));
            System.gc();
            await("keep-alive OPTIONS 503", Duration.ofSeconds(20), () -> keepAlive(HOST_PORT) == 503);
            try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "503"), HOST, 25275, 2, "dan")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
            } finally {
                removeHostKey("overload.heap.percent");
            }
            await("keep-alive OPTIONS 200", Duration.ofSeconds(20), () -> keepAlive(HOST_PORT) == 200);

            Map<String, Long> expected = new LinkedHashMap<>();
            expected.put("sipsm_calls_attempted_total{tenant=\"acme\"}", 6L);
            expected.put("sipsm_calls_answered_total{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_calls_active{gateway=\"" + a + "\",tenant=\"acme\"}", 0L);
            expected.put("sipsm_calls_failed_total{status=\"486\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_calls_failed_total{status=\"408\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + b + "\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + c + "\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_gateway_failures_total{gateway=\"" + b + "\",status=\"486\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_gateway_failures_total{gateway=\"" + c + "\",status=\"408\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_call_setup_seconds_count{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_calls_ended_total{ended_by=\"caller\",gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_call_end_reasons_total{reason=\"normal_clearing\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_call_end_reasons_total{reason=\"callee_rejected\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_call_end_reasons_total{reason=\"failover_exhausted\",tenant=\"acme\"}", 1L);
            // Refused before any application, yet recorded under their tenant: the host reports them to the B2BUA.
            expected.put("sipsm_call_end_reasons_total{reason=\"refused_for_load\",tenant=\"acme\"}", 2L);
            // The host's: the two calls refused for load, each reported once, and nothing else refused.
            Map<String, Long> host = Map.of("sipsm_initial_requests_refused_total", 2L,
                    "sipsm_refusals_reported_total", 2L);
            Map<String, Long> all = new LinkedHashMap<>(expected);
            all.putAll(host);
            Map<String, Double> end = MetricsScrape.awaitDeltas(METRICS_PORT, start, all);
            // No call of the mix failed otherwise, ended otherwise or counted under another gateway.
            end.forEach((series, value) -> {
                if (series.matches("sipsm_(calls_failed|calls_ended|gateway_failures|call_end_reasons)_total\\{.*acme.*")
                        && !value.equals(start.get(series))) {
                    assertTrue(series, expected.containsKey(series));
                }
            });
            // The silent gateway's INVITE was sent again by the host (timer A) until it gave up.
            String resent = "sipsm_retransmissions_total{direction=\"sent\"}";
            assertTrue(resent + " " + end.get(resent) + " from " + start.get(resent),
                    end.getOrDefault(resent, 0.0) - start.getOrDefault(resent, 0.0) >= 4);

            // The same figures as MBean attributes (Karaf's JMX whiteboard) and in the shell.
            MBeanServer mbeans = service(MBeanServer.class);
            MetricsScrape.assertMBeanShows(mbeans, "b2bua", end, expected.keySet());
            List<String> hostSeries = new java.util.ArrayList<>(host.keySet());
            hostSeries.add(resent);
            MetricsScrape.assertMBeanShows(mbeans, "host", end, hostSeries);
            // And read by a JMX console: over Karaf's RMI connector, logged in, through its JMX access rules.
            JMXServiceURL url = new JMXServiceURL("service:jmx:rmi://127.0.0.1:" + RMI_SERVER_PORT
                    + "/jndi/rmi://127.0.0.1:" + RMI_REGISTRY_PORT + "/karaf-root");
            try (JMXConnector console = JMXConnectorFactory.connect(url,
                    Map.of(JMXConnector.CREDENTIALS, new String[] {"karaf", "karaf"}))) {
                MetricsScrape.assertMBeanShows(console.getMBeanServerConnection(), "b2bua", end, expected.keySet());
                MetricsScrape.assertMBeanShows(console.getMBeanServerConnection(), "host", end, hostSeries);
            }
            String metrics = shell("sipsm:metrics --source b2bua");
            for (String series : expected.keySet()) {
                long value = Math.round(end.get(series));
                assertTrue(series + " in\n" + metrics, metrics.contains(series + " " + value + "\n"));
            }
            assertTrue(metrics, metrics.contains("io.sipsm:type=Metrics,source=b2bua"));
        } finally {
            timers.apply(before);
            tenant.delete();
            configureGateways(a);
        }
        assertNoErrorsLogged();
    }

    /**
     * Issue 24: the endpoint's output after an answered call (every source publishing, the histogram filled) passes
     * {@code promtool check metrics}, Prometheus' own linter. promtool is Debian's package prometheus, which
     * {@code .ci/run} installs; without it locally the test is skipped, saying so.
     */
    @Test
    public void theEndpointsOutputPassesPromtool() throws Exception {
        Assume.assumeTrue("promtool is not installed (Debian package prometheus; .ci/run installs it): skipped",
                new ProcessBuilder("sh", "-c", "command -v promtool").start().waitFor() == 0);
        configureGateways("127.0.0.1:25270");
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "100"), HOST, 25268, 1, "dave")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
        String text = MetricsScrape.text(METRICS_PORT);
        assertTrue(text, text.contains("sipsm_call_setup_seconds_bucket{"));
        Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
        try (java.io.OutputStream in = promtool.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String verdict = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue("promtool did not end", promtool.waitFor(30, TimeUnit.SECONDS));
        assertEquals("promtool check metrics said: " + verdict + "\non:\n" + text, 0, promtool.exitValue());
    }

    /**
     * Issue 24: {@code /health} answers 200 listing every check when idle; with a call up and the host's dialog
     * limit set below it (a memory bound), the keep-alive OPTIONS, {@code /health} and {@code sipsm:health} say
     * it together: 503, 503 with the overload check CRITICAL, and CRITICAL; with the limit removed, all three are
     * back at once, and the call in progress goes on to its end.
     */
    @Test
    public void healthAndTheKeepAliveTurnTogetherAtAMemoryBound() throws Exception {
        long started = System.nanoTime();
        configureGateways("127.0.0.1:25270");
        awaitHostTakesCalls("udp", HOST_PORT);
        List<String> checks = List.of("cluster", "configuration", "host", "overload");
        await("/health 200", Duration.ofSeconds(30), () -> health("").status() == 200);
        Health idle = health("");
        for (String check : checks) {
            assertTrue(idle.body(), idle.body().contains("\n" + check + " OK ["));
        }
        assertTrue(idle.body(), idle.body().startsWith("status OK\n"));
        assertTrue(idle.body(), idle.body().contains("cluster OK [systemready] Not clustered"));
        Health alive = health("?tags=systemalive&format=json");
        assertTrue(alive.body(), alive.body().startsWith("{\"status\":\"OK\"") && alive.body().contains("\"name\":\"host\"")
                && !alive.body().contains("\"name\":\"overload\""));
        String shown = shell("sipsm:health --no-format");
        assertTrue(shown, shown.contains("status OK\n"));
        for (String check : checks) {
            assertTrue(shown, shown.contains(check + " OK ["));
        }

        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 1);
                Sipp held = Sipp.client("uac.xml", Map.of("HOLD_MS", "8000"), HOST, 25269, 1, "erin")) {
            await("the call up on both legs", Duration.ofSeconds(20),
                    () -> gateway.startLines().stream().anyMatch(l -> l.startsWith("ACK ")));
            // The call holds two dialogs (one per leg): a limit of one is a memory bound.
            updateHost(Map.of("overload.dialogs", "1"));
            await("keep-alive OPTIONS 503", Duration.ofSeconds(20), () -> keepAlive(HOST_PORT) == 503);
            Health bound = health("");
            String boundShell = shell("sipsm:health --no-format");
            int boundKeepAlive = keepAlive(HOST_PORT);
            assertEquals(bound.body(), 503, bound.status());
            assertTrue(bound.body(), bound.body().startsWith("status CRITICAL\n")
                    && bound.body().contains("\noverload CRITICAL [systemready] CRITICAL At a memory bound"));
            assertTrue(boundShell, boundShell.contains("status CRITICAL\n") && boundShell.contains("overload CRITICAL"));
            assertEquals("the keep-alive after the health reads", 503, boundKeepAlive);

            removeHostKey("overload.dialogs");
            await("keep-alive OPTIONS 200", Duration.ofSeconds(20), () -> keepAlive(HOST_PORT) == 200);
            Health back = health("");
            assertEquals(back.body(), 200, back.status());
            assertTrue(back.body(), back.body().contains("\noverload OK ["));
            assertTrue(shell("sipsm:health --no-format").contains("overload OK ["));
            held.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        } finally {
            removeHostKey("overload.dialogs");
        }
        System.out.printf("healthAndTheKeepAliveTurnTogetherAtAMemoryBound took %d ms%n",
                (System.nanoTime() - started) / 1_000_000);
        assertNoErrorsLogged();
    }

    /** A {@code GET /health} answer. */
    private record Health(int status, String body) {
    }

    private static Health health(String query) {
        try {
            HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + METRICS_PORT + "/health" + query)
                    .openConnection();
            http.setConnectTimeout(5000);
            http.setReadTimeout(5000);
            int status = http.getResponseCode();
            try (InputStream in = status < 400 ? http.getInputStream() : http.getErrorStream()) {
                return new Health(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            return new Health(-1, e.toString());
        }
    }

    private void configureGateways(String gateways) throws Exception {
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.sipsm.b2bua", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("gateways", gateways.split(","));
        configuration.update(properties);
        awaitGateways(gateways.split(","));
    }

    /** The B2BUA's servlet service carries its configuration: wait until it shows these gateways. */
    private void awaitGateways(String... gateways) throws InterruptedException {
        await("B2BUA gateways " + String.join(",", gateways), Duration.ofSeconds(30), () -> {
            ServiceReference<SipServlet> reference = bundleContext.getServiceReference(SipServlet.class);
            if (reference == null) {
                return false;
            }
            Object value = reference.getProperty("gateways");
            String[] actual = value instanceof String[] a ? a : value == null ? new String[0] : new String[] {value.toString()};
            return java.util.Arrays.equals(gateways, actual);
        });
        // The servlet's service comes before the host deploys it: a test that ran first, while the features were
        // still installing, had its call answered 404.
        awaitHostTakesCalls("udp", HOST_PORT);
    }
}
