package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.host.HostDrain;
import io.sipsm.host.HostStatus;
import io.sipsm.host.OverloadStatus;

/**
 * Admission control of the host through the routing B2BUA over loopback UDP. The limit under test is the
 * dialog count, the one gauge a test can drive exactly: every B2BUA call holds two dialogs (caller side and
 * gateway side), so a limit of 4 admits two calls at a time.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class OverloadIT extends KarafTestSupport {

    private static final int HOST_PORT = 25960;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final int GATEWAY_PORT = 25970;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-shell"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways", "127.0.0.1:" + GATEWAY_PORT));
    }

    /** Calls sent before the B2BUA is deployed would wait for it and arrive all at once. */
    @Before
    public void awaitTheB2bua() throws Exception {
        HostStatus host = service(HostStatus.class);
        await("the B2BUA deployed", WAIT, () -> host.applications().stream().anyMatch(a -> a.name().equals("b2bua")));
    }

    @After
    public void restoreDefaults() throws Exception {
        configureHost(Map.of());
        awaitLimit("dialogs", 100_000);
        awaitLimit("heap.percent", 85);
    }

    @Test
    public void excessInvitesGet503WithRetryAfterAcceptedCallsCompleteAndTheHostAcceptsAgain() throws Exception {
        OverloadStatus status = service(OverloadStatus.class);
        configureHost(Map.of("overload.dialogs", "4", "overload.retry.after", "7"));
        awaitLimit("dialogs", 4);
        awaitAccepting(status);
        OverloadStatus.Snapshot before = status.overload();

        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 20)) {
            // Eight calls, five a second, each held 3 s: two are up when the third arrives.
            try (Sipp burst = Sipp.client("overload-uac.xml", Map.of("HOLD_MS", "3000"), HOST, 25961, 8, "burst",
                    "-r", "5")) {
                await("the host refusing", WAIT, () -> status.overload().refusing());
                probe("503");
                burst.assertSucceeded(60, TimeUnit.SECONDS);
                long refusedInTrace = burst.startLines().stream().filter(l -> l.startsWith("SIP/2.0 503")).count();
                assertTrue(burst.trace(), burst.trace().contains("Retry-After: 7"));

                OverloadStatus.Snapshot after = status.overload();
                long accepted = after.accepted() - before.accepted();
                long refused = after.refused() - before.refused();
                assertEquals(8, accepted + refused);
                assertTrue("accepted " + accepted, accepted >= 2);
                assertTrue("refused " + refused, refused >= 1);
                assertEquals(refused, refusedInTrace);
                // Every accepted call reached the gateway and was hung up on its side too.
                await(accepted + " BYEs at the gateway", WAIT, () -> byes(gateway) == accepted);
            }

            // The dialogs of the ended calls linger a few seconds; then calls are taken again.
            awaitAccepting(status);
            probe("200");
            try (Sipp next = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25963, 1, "after")) {
                next.assertSucceeded(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    public void badThresholdsAreRefusedAndLoggedAndTheLastGoodSettingsStay() throws Exception {
        String endpoint = service(HostStatus.class).endpoint();
        configureHost(Map.of("overload.dialogs", "50"));
        awaitLimit("dialogs", 50);

        configureHost(Map.of("overload.dialogs", "lots"));
        awaitLogged("io.sipsm.host: overload.dialogs=lots rejected: 'lots' is not a whole number");
        configureHost(Map.of("overload.dialogs", "60", "overload.heap.percent", "150"));
        awaitLogged("io.sipsm.host: overload.heap.percent=150 rejected: must be between 0 and 100");

        OverloadStatus.Snapshot now = service(OverloadStatus.class).overload();
        assertEquals(50, limit(now, "dialogs"));
        assertEquals(85, limit(now, "heap.percent"));
        // Overload settings never restart the container.
        assertEquals(endpoint, service(HostStatus.class).endpoint());
        assertTrue(karafLog().stream().noneMatch(l -> l.contains("restarting the container")));

        String shown = shell("sipsm:overload");
        assertTrue(shown, shown.contains("Overload control on") && shown.contains("refused for load")
                && shown.lines().anyMatch(l -> l.contains("dialogs") && l.contains("50")));
    }

    /**
     * Sets these admission-control keys of the host's PID, the others back to their defaults; the keys of the
     * connector (port first of all) stay.
     */
    /**
     * Draining before a stop: a call up completes (its BYE answered end to end) while a new call and a proxy's
     * keep-alive get 503 with Retry-After, and the waiting drain returns once that call has ended.
     */
    @Test
    public void aDrainingHostRefusesNewCallsAndProbesWhileTheCallUpCompletes() throws Exception {
        HostDrain drain = service(HostDrain.class);
        HostStatus host = service(HostStatus.class);
        // The dialogs of another test's calls may still linger; the drain waits for every call up.
        awaitAccepting(service(OverloadStatus.class));
        await("no call up", WAIT, () -> callsUp(host) == 0);
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1);
                Sipp held = Sipp.client("uac.xml", Map.of("HOLD_MS", "6000"), HOST, 25964, 1, "alice")) {
            await("the call up", WAIT, () -> callsUp(host) == 1);
            String started = shell("sipsm:drain --no-wait");
            assertTrue(started, started.contains("Draining: new calls get 503") && drain.draining());

            try (Sipp refused = Sipp.client("uac-rejected.xml", Map.of("STATUS", "503"), HOST, 25965, 1, "bob")) {
                refused.assertSucceeded(30, TimeUnit.SECONDS);
                assertTrue(refused.trace(), refused.trace().contains("Retry-After: 5"));
            }
            probe("503");

            String waited = shell("sipsm:drain --timeout 60");
            assertTrue(waited, waited.contains("no call up"));
            held.assertSucceeded(30, TimeUnit.SECONDS);
            assertEquals(1, byes(gateway));
        } finally {
            shell("sipsm:drain --cancel");
        }
        assertTrue(!drain.draining());
        probe("200");
    }

    private static int callsUp(HostStatus host) {
        return host.applications().stream().mapToInt(HostStatus.Application::activeApplicationSessions).sum();
    }

    private void configureHost(Map<String, String> values) throws Exception {
        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.sipsm.host", "?");
        Dictionary<String, Object> current = configuration.getProperties();
        Hashtable<String, Object> properties = new Hashtable<>();
        if (current != null) {
            for (String key : Collections.list(current.keys())) {
                if (!key.startsWith("overload.")) {
                    properties.put(key, current.get(key));
                }
            }
        }
        properties.putAll(values);
        configuration.update(properties);
    }

    private void awaitLimit(String gauge, long limit) throws InterruptedException {
        OverloadStatus status = service(OverloadStatus.class);
        await(gauge + " limit " + limit, WAIT, () -> limit(status.overload(), gauge) == limit);
    }

    private static void awaitAccepting(OverloadStatus status) throws InterruptedException {
        await("the host accepting calls", WAIT, () -> !status.overload().refusing());
    }

    private static long limit(OverloadStatus.Snapshot snapshot, String gauge) {
        return snapshot.gauges().stream().filter(g -> g.name().equals(gauge)).mapToLong(OverloadStatus.Gauge::limit)
                .findFirst().orElse(-1);
    }

    /** A keep-alive OPTIONS as a proxy's dispatcher sends, expecting this status. */
    private static void probe(String status) throws Exception {
        try (Sipp probe = Sipp.client("overload-options.xml", Map.of("STATUS", status), HOST, 25962, 1, "probe")) {
            probe.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    private static long byes(Sipp gateway) {
        return gateway.startLines().stream().filter(l -> l.startsWith("BYE ")).count();
    }
}
