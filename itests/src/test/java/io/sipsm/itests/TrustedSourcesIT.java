package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Hashtable;
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
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * Toll fraud: with only 127.0.0.2 trusted, calls from 127.0.0.1 (a SIPp caller, then sipvicious scanning
 * extensions with INVITE, which gives up at the first 403) get 403 and never reach the gateway; a caller from 127.0.0.2 is relayed. Out of the
 * box (nothing configured) loopback callers are trusted, which every other test relies on.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TrustedSourcesIT extends KarafTestSupport {

    private static final int HOST_PORT = 26060;
    private static final int GATEWAY_PORT = 26070;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    @Test
    public void untrustedSourcesNeverReachTheGateway() throws Exception {
        String host = "127.0.0.1:" + HOST_PORT;
        io.sipsm.host.HostStatus status = service(io.sipsm.host.HostStatus.class);
        await("the B2BUA deployed", Duration.ofSeconds(60),
                () -> status.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
        // Out of the box: a loopback caller is trusted.
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), host, 26061, 1, "alice")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }

        org.osgi.service.cm.Configuration sip = service(ConfigurationAdmin.class).getConfiguration("io.sipsm.sip",
                "?");
        sip.update(new Hashtable<>(Map.of("trusted.sources", "127.0.0.2")));
        await("only 127.0.0.2 trusted", Duration.ofSeconds(30),
                () -> shellQuietly("sipsm:callers").contains("Trusted sources (trusted.sources): 127.0.0.2/32"));

        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1)) {
            try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "403"), host, 26062, 1, "bob")) {
                caller.assertSucceeded(60, TimeUnit.SECONDS);
            }
            // sipvicious guessing extensions with INVITE, as scanners do within hours of exposure (--force: scan
            // even when an extension that cannot exist is answered like the others). Refused, it gives up.
            long before = refused();
            Process svwar = new ProcessBuilder("svwar", "--force", "-m", "INVITE", "-e", "100-149", "-P", "26063",
                    "udp://" + host).redirectErrorStream(true).start();
            svwar.getOutputStream().close();
            String scanned = new String(svwar.getInputStream().readAllBytes());
            assertTrue("svwar ended", svwar.waitFor(120, TimeUnit.SECONDS));
            assertTrue("svwar was refused:\n" + scanned, scanned.contains("403 Forbidden"));
            await("the scan's INVITEs refused", Duration.ofSeconds(30), () -> refused() >= before + 2);

            // The trusted source is relayed: the gateway's first INVITE is this caller's.
            try (Sipp trusted = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), host, 26064, 1, "carol", "-i",
                    "127.0.0.2")) {
                trusted.assertSucceeded(60, TimeUnit.SECONDS);
            }
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            List<String> invites = gateway.startLines().stream().filter(l -> l.startsWith("INVITE ")).toList();
            assertEquals("only the trusted caller's INVITE reached the gateway; svwar said:\n" + scanned,
                    List.of("INVITE sip:carol@127.0.0.1:" + GATEWAY_PORT + " SIP/2.0"), invites);
        }
        String shown = shell("sipsm:callers");
        assertTrue(shown, shown.contains("the last from 127.0.0.1"));
        // No line from the admission's logger (Karaf's own boot lines may name the class as a missing service).
        assertFalse("no log line per refused request",
                karafLog().stream().anyMatch(l -> l.matches(".*\\| CallerAdmission +\\|.*")));
        assertNoErrorsLogged();
    }

    /** Requests refused for their source, as {@code sipsm:callers} counts them. */
    private long refused() {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("Refused with 403 \\(untrusted source\\): (\\d+)")
                .matcher(shellQuietly("sipsm:callers"));
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
