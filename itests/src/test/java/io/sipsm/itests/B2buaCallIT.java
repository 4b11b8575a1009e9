package io.sipsm.itests;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.sip.SipServlet;

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

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.TransactionTimers;

/** Calls through the routing B2BUA to SIPp gateways over loopback UDP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class B2buaCallIT extends KarafTestSupport {

    private static final int HOST_PORT = 25260;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    /** The Prometheus endpoint's port (issue 24). */
    private static final int METRICS_PORT = 25290;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-metrics"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25270"),
                editConfigurationFilePut("etc/io.sipsm.metrics.cfg", "port", Integer.toString(METRICS_PORT)));
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
     * Issue 24: after a known mix of calls of one tenant (3 answered by one gateway, 2 refused 503 by another, 1
     * that a third never answers, 408 after 64·T1), the Prometheus endpoint shows exactly those counts under the
     * tenant and each gateway, its output passes {@code promtool check metrics}, and the MBean and
     * {@code sipsm:metrics} show the same values.
     */
    @Test
    public void figuresShowEachOutcomePerTenantAndGatewayOnPrometheusJmxAndTheShell() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        org.osgi.service.cm.Configuration tenant = service(ConfigurationAdmin.class)
                .getFactoryConfiguration("io.sipsm.sip.tenant", "metrics", "?");
        Hashtable<String, Object> selector = new Hashtable<>();
        selector.put("tenant.name", "acme");
        selector.put("tenant.selector", "application:b2bua");
        tenant.update(selector);
        SettingsResolver resolver = service(SettingsResolver.class);
        await("tenant acme", Duration.ofSeconds(30),
                () -> resolver.tenants().stream().anyMatch(t -> t.name().equals("acme")));
        String a = "127.0.0.1:25270";
        String b = "127.0.0.1:25273";
        String c = "127.0.0.1:25274";
        try {
            configureGateways(a);
            await("the Prometheus endpoint on 127.0.0.1:" + METRICS_PORT, Duration.ofSeconds(30), () -> {
                try {
                    return scrapeText().contains("sipsm_initial_requests_admitted_total");
                } catch (java.io.UncheckedIOException notYet) {
                    return false;
                }
            });
            Map<String, Double> start = scrape();
            try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 25270, 3);
                    Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25265, 3, "alice")) {
                caller.assertSucceeded(30, TimeUnit.SECONDS);
                gateway.assertSucceeded(30, TimeUnit.SECONDS);
            }
            configureGateways(b);
            try (Sipp gateway = Sipp.server("gateway-refuses.xml", Map.of("STATUS", "503"), 25273, 2);
                    Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "503"), HOST, 25266, 2, "bob")) {
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
            Map<String, Long> expected = new java.util.LinkedHashMap<>();
            expected.put("sipsm_calls_attempted_total{tenant=\"acme\"}", 6L);
            expected.put("sipsm_calls_answered_total{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_calls_failed_total{status=\"503\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_calls_failed_total{status=\"408\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + b + "\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_gateway_attempts_total{gateway=\"" + c + "\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_gateway_failures_total{gateway=\"" + b + "\",status=\"503\",tenant=\"acme\"}", 2L);
            expected.put("sipsm_gateway_failures_total{gateway=\"" + c + "\",status=\"408\",tenant=\"acme\"}", 1L);
            expected.put("sipsm_call_setup_seconds_count{gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            expected.put("sipsm_calls_ended_total{ended_by=\"caller\",gateway=\"" + a + "\",tenant=\"acme\"}", 3L);
            java.util.concurrent.atomic.AtomicReference<Map<String, Long>> counted = new java.util.concurrent.atomic.AtomicReference<>();
            await("the mix counted on the Prometheus endpoint", Duration.ofSeconds(30), () -> {
                Map<String, Double> now = scrape();
                Map<String, Long> delta = new java.util.LinkedHashMap<>();
                expected.keySet().forEach(series -> delta.put(series,
                        Math.round(now.getOrDefault(series, 0.0) - start.getOrDefault(series, 0.0))));
                counted.set(delta);
                return delta.equals(expected);
            });
            assertEquals(expected, counted.get());
            // Nothing of the mix counted under another tenant or gateway, and no call failed otherwise.
            Map<String, Double> end = scrape();
            end.forEach((series, value) -> {
                if (series.startsWith("sipsm_calls_failed_total") && series.contains("acme")) {
                    assertTrue(series, expected.containsKey(series));
                }
            });

            String text = scrapeText();
            Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
            promtool.getOutputStream().write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            promtool.getOutputStream().close();
            String verdict = new String(promtool.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue("promtool did not end", promtool.waitFor(30, TimeUnit.SECONDS));
            assertEquals("promtool check metrics: " + verdict + "\n" + text, 0, promtool.exitValue());

            // The same figures as MBean attributes (Karaf's JMX whiteboard) and in the shell.
            javax.management.MBeanServer mbeans = service(javax.management.MBeanServer.class);
            javax.management.ObjectName b2bua = new javax.management.ObjectName("io.sipsm:type=Metrics,source=b2bua");
            await("the B2BUA's MBean", Duration.ofSeconds(30), () -> mbeans.isRegistered(b2bua));
            String metrics = shell("sipsm:metrics --source b2bua");
            for (String series : expected.keySet()) {
                long value = Math.round(end.get(series));
                assertEquals(series, value, ((Number) mbeans.getAttribute(b2bua, series)).longValue());
                assertTrue(series + " in\n" + metrics, metrics.contains(series + " " + value + "\n"));
            }
            assertTrue(metrics, metrics.contains("io.sipsm:type=Metrics,source=b2bua"));
        } finally {
            timers.apply(before);
            tenant.delete();
            configureGateways("127.0.0.1:25270");
        }
        assertNoErrorsLogged();
    }

    /** The Prometheus endpoint's samples, by series. */
    private static Map<String, Double> scrape() {
        Map<String, Double> samples = new java.util.HashMap<>();
        for (String line : scrapeText().split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    private static String scrapeText() {
        try {
            java.net.HttpURLConnection http = (java.net.HttpURLConnection) new java.net.URL(
                    "http://127.0.0.1:" + METRICS_PORT + "/metrics").openConnection();
            http.setConnectTimeout(5000);
            http.setReadTimeout(5000);
            assertEquals(200, http.getResponseCode());
            assertTrue(http.getContentType(), http.getContentType().startsWith("text/plain; version=0.0.4"));
            try (java.io.InputStream in = http.getInputStream()) {
                return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
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
        assertArrayEquals(gateways, (String[]) bundleContext.getServiceReference(SipServlet.class).getProperty("gateways"));
        // The servlet's service comes before the host deploys it: a test that ran first, while the features were
        // still installing, had its call answered 404.
        awaitHostTakesCalls("udp", HOST_PORT);
    }
}
