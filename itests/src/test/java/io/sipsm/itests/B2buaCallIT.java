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

import io.sipsm.host.ResendSchedule;
import io.sipsm.host.TransactionTimers;

/** Calls through the routing B2BUA to SIPp gateways over loopback UDP. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class B2buaCallIT extends KarafTestSupport {

    private static final int HOST_PORT = 25260;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:25270"));
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
        ResendSchedule before = timers.resendSchedule();
        configureGateways("127.0.0.1:25271,127.0.0.1:25272");
        // Copies at 0.1, 0.3, 0.7, 1.5, 3.1 s: the silent gateway's INVITE transaction times out at 4.7 s.
        timers.applyResendSchedule(ResendSchedule.of(List.of(Duration.ofMillis(100), Duration.ofMillis(200),
                Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(1600)), 5));
        try (Sipp silent = Sipp.server("silent.xml", Map.of("WAIT_MS", "10000"), 25271, 1);
                Sipp answering = Sipp.server("uas.xml", Map.of(), 25272, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25262, 1, "bob")) {
            caller.assertSucceeded(40, TimeUnit.SECONDS);
            answering.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(silent.trace(), silent.trace().contains("INVITE sip:bob@127.0.0.1:25271 SIP/2.0"));
            assertTrue(answering.trace(), answering.trace().contains("INVITE sip:bob@127.0.0.1:25272 SIP/2.0"));
        } finally {
            timers.applyResendSchedule(before);
            configureGateways("127.0.0.1:25270");
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
