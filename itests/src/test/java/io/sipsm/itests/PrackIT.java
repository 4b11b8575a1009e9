package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.servlet.sip.SipServlet;

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
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.config.SettingsResolver;
import io.sipsm.host.HostStatus;
import io.sipsm.host.SipApplications;
import io.sipsm.host.TransactionTimers;

/** Reliable provisional responses for an application that knows nothing of them (RFC 3262). */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class PrackIT extends KarafTestSupport {

    private static final int HOST_PORT = 25460;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final int GATEWAY_PORT = 25470;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-prack", "sipsm-shell", "sipsm-b2bua"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_ENABLE_100REL", "true"),
                // The echo application takes calls while a test deploys it; the B2BUA takes them otherwise.
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "routing.order", "echo,b2bua"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void a_ringingGoesReliablyThePrackIsAnsweredAndTheHeld200Follows() throws Exception {
        long sentBefore = counter("reliable provisionals sent");
        long prackedBefore = counter("PRACKs received");
        ServiceRegistration<SipServlet> echo = deployEcho();
        try (Sipp requiring = Sipp.client("prack-caller.xml", Map.of("OPTION_HEADER", "Require", "PROVISIONAL", "180",
                "EXPECT_BODY", "SIP/2.0 180"), HOST, 25461, 1, "alice")) {
            requiring.assertSucceeded(30, TimeUnit.SECONDS);
            try (Sipp supporting = Sipp.client("prack-caller.xml", Map.of("OPTION_HEADER", "Supported", "PROVISIONAL",
                    "180", "EXPECT_BODY", "SIP/2.0 180"), HOST, 25462, 1, "bob")) {
                supporting.assertSucceeded(30, TimeUnit.SECONDS);
            }
        } finally {
            echo.unregister();
        }
        assertEquals(sentBefore + 2, counter("reliable provisionals sent"));
        assertEquals(prackedBefore + 2, counter("PRACKs received"));
        assertNoErrorsLogged();
    }

    @Test
    public void a2_earlyMediaFromAGatewayReachesTheCallerReliablyAndThePrackReachesTheGateway() throws Exception {
        callThroughGateway("prack-gateway-early-media.xml", 25465, "erin");
    }

    @Test
    public void a3_aPrackWithAMalformedRackGets400AndTheCallGoesOn() throws Exception {
        ServiceRegistration<SipServlet> echo = deployEcho();
        try (Sipp caller = Sipp.client("prack-caller-malformed-rack.xml", Map.of(), HOST, 25466, 1, "frank")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        } finally {
            echo.unregister();
        }
        assertNoErrorsLogged();
    }

    @Test
    public void a4_aGatewayProvisionalWithAMalformedRseqIsDiscardedNeitherPrackedNorRelayed() throws Exception {
        callThroughGateway("prack-gateway-malformed-rseq.xml", 25467, "gina");
    }

    @Test
    public void a5_aRepeatedOrOutOfOrderGatewayProvisionalIsNotPrackedAgainNorRelayed() throws Exception {
        callThroughGateway("prack-gateway-duplicates.xml", 25469, "ivy");
    }

    @Test
    public void a6_aReliableProvisionalWithoutContactIsPrackedAtTheInviteTargetAndTheCallCompletes() throws Exception {
        // linphone at 100rel level 2 sends one: the PRACK, the relayed 200, the ACK and both BYEs must all arrive.
        callThroughGateway("prack-gateway-no-contact.xml", 25471, "jane");
    }

    /** A caller supporting 100rel calls through the B2BUA; the gateway's reliable 183 must reach it with SDP. */
    private void callThroughGateway(String gatewayScenario, int callerPort, String user) throws Exception {
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(30),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        try (Sipp gateway = Sipp.server(gatewayScenario, Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("prack-caller.xml", Map.of("OPTION_HEADER", "Supported", "PROVISIONAL",
                        "183", "EXPECT_BODY", "o=earlymedia"), HOST, callerPort, 1, user)) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            List<String> answers = caller.startLines();
            assertTrue(answers.toString(), caller.trace().contains("CSeq: 2 PRACK") && answers.contains("SIP/2.0 200 OK"));
        }
        assertNoErrorsLogged();
    }

    @Test
    public void b_unacknowledgedRingingIsRetransmittedAtT1DoublingThenTheInviteGets500() throws Exception {
        TransactionTimers timers = service(TransactionTimers.class);
        TransactionTimers.Values before = timers.current();
        // T1 = 200 ms: retransmissions at 0.2, 0.4, 0.8, 1.6 ... s, the INVITE rejected at 64·T1 = 12.8 s.
        timers.apply(new TransactionTimers.Values(200, 4000, 5000, 32000));
        ServiceRegistration<SipServlet> echo = deployEcho();
        try (Sipp caller = Sipp.client("prack-caller-silent.xml", Map.of("OPTION_HEADER", "Supported"), HOST, 25463, 1,
                "carol")) {
            caller.assertSucceeded(40, TimeUnit.SECONDS);
            List<Long> ringing = ringingTimes(caller.trace());
            List<Long> gaps = ConfigurationIT.gapsMillis(ringing);
            assertTrue("180 retransmissions: " + gaps, gaps.size() >= 5);
            long[] expected = {200, 400, 800, 1600, 3200};
            for (int i = 0; i < expected.length; i++) {
                assertTrue("gap " + (i + 1) + " of " + gaps + " should be " + expected[i] + " ms",
                        Math.abs(gaps.get(i) - expected[i]) <= 100);
            }
        } finally {
            timers.apply(before);
            echo.unregister();
        }
        HostStatus host = service(HostStatus.class);
        await("echo undeployed", Duration.ofSeconds(30),
                () -> host.applications().stream().noneMatch(a -> a.name().equals("echo")));
    }

    @Test
    public void c_withThePolicyOffACallerRequiring100relGets420AndGatewaysAreNotOffered100rel() throws Exception {
        SettingsResolver settings = service(SettingsResolver.class);
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration global = configAdmin.getConfiguration("io.sipsm.sip", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("SS_SIP_ENABLE_100REL", "false");
        global.update(properties);
        await("100rel off", Duration.ofSeconds(30), () -> !settings.global().settings().reliableProvisionals());
        ServiceRegistration<SipServlet> echo = deployEcho();
        try (Sipp caller = Sipp.client("prack-caller-refused.xml", Map.of("OPTION_HEADER", "Require"), HOST, 25464, 1,
                "dave")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        } finally {
            echo.unregister();
        }
        HostStatus host = service(HostStatus.class);
        await("echo undeployed", Duration.ofSeconds(30),
                () -> host.applications().stream().noneMatch(a -> a.name().equals("echo")));
        // Through the B2BUA: the caller's 100rel is not relayed, and the early media comes plainly.
        try (Sipp gateway = Sipp.server("prack-gateway-plain.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("prack-caller-plain.xml", Map.of("HOLD_MS", "100"), HOST, 25468, 1,
                        "hank")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertNoErrorsLogged();
    }

    private ServiceRegistration<SipServlet> deployEcho() throws InterruptedException {
        HostStatus host = service(HostStatus.class);
        ServiceRegistration<SipServlet> echo = bundleContext.registerService(SipServlet.class, new EchoServlet(),
                HotDeployIT.properties(SipApplications.APPLICATION, "echo", SipApplications.METHODS, "INVITE"));
        await("echo deployed", Duration.ofSeconds(30),
                () -> host.applications().stream().anyMatch(a -> a.name().equals("echo")));
        return echo;
    }

    /** A counter of {@code sipsm:prack}, the number ending its line. */
    private long counter(String name) throws Exception {
        String counters = shell("sipsm:prack");
        return counters.lines().filter(l -> l.contains(name)).map(l -> l.replaceAll(".*?(\\d+)\\s*$", "$1"))
                .mapToLong(Long::parseLong).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + counters));
    }

    /** Receive times of every 180, retransmissions included. */
    private static List<Long> ringingTimes(String trace) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "-{10,} \\d{4}-\\d{2}-\\d{2} (\\d{2}:\\d{2}:\\d{2}\\.\\d{6})\\s+UDP message received[^\\n]*\\n\\s*SIP/2\\.0 180")
                .matcher(trace);
        List<Long> times = new java.util.ArrayList<>();
        while (m.find()) {
            times.add(java.time.LocalTime.parse(m.group(1)).toNanoOfDay() / 1_000_000);
        }
        return times;
    }
}
