package io.sipsm.itests;

import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceReference;

import io.sipsm.host.HostStatus;

/**
 * linphone to linphone through the B2BUA over TCP, session timers on. linphone as callee answers on a connection
 * of its own rather than the one the INVITE came on; the ACK, the refreshes and the BYE must still reach it
 * (RFC 3261 section 18), and the call must survive its refresh.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class RealClientsTcpIT extends KarafTestSupport {

    private static final int HOST_PORT = 26060;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final Duration CALL_SETUP = Duration.ofSeconds(30);

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(
                karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-session-timer", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "transport", "tcp"),

                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:26070;transport=tcp"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_EXPIRES", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_MIN_SE", "90"),
                editConfigurationFilePut("etc/io.sipsm.sip.cfg", "SS_SIP_SESSION_UPDATE_SEGMENT", "2"));
    }

    @Test
    public void aTcpCalleeAnsweringOverANewConnectionIsAckedRefreshedAndHungUp() throws Exception {
        // The container may take a while to start on TCP under load: wait for the B2BUA rather than a service.
        await("the B2BUA deployed", Duration.ofSeconds(120), () -> {
            ServiceReference<HostStatus> reference = bundleContext.getServiceReference(HostStatus.class);
            HostStatus host = reference == null ? null : bundleContext.getService(reference);
            return host != null && host.applications().stream().anyMatch(a -> a.name().equals("b2bua"));
        });
        try (UserAgent callee = UserAgent.linphone("gw", 26070, true, 26100, Map.of("TIMERS", "1"));
                UserAgent caller = UserAgent.linphone("frank", 26071, true, 26110, Map.of("TIMERS", "1"))) {
            callee.command("autoanswer enable");
            callee.await("auto answering", "Auto answer enabled", CALL_SETUP);
            caller.command("call sip:gw@" + HOST + ";transport=tcp");
            caller.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            callee.await("connected", Pattern.compile("Call 1 with .* connected"), 1, CALL_SETUP);
            // The ACK reached the callee: it would otherwise retransmit its 2xx and end the call after 32 s.
            // One refresh period (45 s) later both legs have seen a refresh, and the call is still up.
            Pattern refresh = Pattern.compile("(?m)^(UPDATE|INVITE) sip:\\S+ SIP/2\\.0");
            callee.await("a refresh of leg B", refresh, 2, Duration.ofSeconds(45 + 30));
            caller.await("a refresh of leg A", refresh, 2, Duration.ofSeconds(30));
            assertTrue(callee.output(), !callee.output().contains("ended"));
            caller.command("terminate");
            callee.await("hung up by the relayed BYE", Pattern.compile("Call 1 with .* ended"), 1, CALL_SETUP);
            // Its BYE and the relayed 200 (linphonec says "ended" at once; quitting earlier closes the connection).
            caller.await("the 200 to its BYE", Pattern.compile("(?m)^CSeq: \\d+ BYE"), 2, CALL_SETUP);
            assertTrue(callee.log(), !callee.log().contains("SIP/2.0 481"));
        }
        List<String> unreachable = karafLog().stream().filter(l -> l.contains("Problem connecting")).toList();
        assertTrue("the host failed to reach a peer: " + unreachable, unreachable.isEmpty());
        assertNoErrorsLogged();
    }
}
