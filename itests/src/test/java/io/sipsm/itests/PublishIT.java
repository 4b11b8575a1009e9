package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

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
import io.sipsm.gateway.GatewayAvailability;
import io.sipsm.gateway.GatewayStatus;

/**
 * Gateways publish their state (RFC 3903) to the host over loopback UDP; an expired publication takes the
 * gateway out of the B2BUA's routing until it publishes again. SIPp sends from 127.0.0.1, the allowed source.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PublishIT extends KarafTestSupport {

    private static final int HOST_PORT = 25660;
    private static final String HOST = "127.0.0.1:" + HOST_PORT;
    private static final String PUBLISH_PID = "io.sipsm.publish";
    private static final String SIP_PID = "io.sipsm.sip";
    /** The B2BUA's gateways: the first one publishes in the expiry test, the second never does. */
    private static final int GATEWAY_A = 25671;
    private static final int GATEWAY_B = 25672;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua", "sipsm-config", "sipsm-publish"),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways",
                        "127.0.0.1:" + GATEWAY_A + ",127.0.0.1:" + GATEWAY_B),
                editConfigurationFilePut("etc/io.sipsm.publish.cfg", "allowed.sources", "127.0.0.1"),
                // A 2 s floor lets the expiry test ask for a 2 s publication (SS_SIP_PUBLISH_EXPIRE cannot go below 60).
                editConfigurationFilePut("etc/io.sipsm.publish.cfg", "min.expires", "2"));
    }

    @Test
    public void publicationIsAcceptedRefreshedRefusedForAStaleTagAndRemoved() throws Exception {
        GatewayAvailability availability = service(GatewayAvailability.class);
        try (Sipp gateway = Sipp.client("publish-refresh.xml", Map.of(), HOST, 25661, 1, "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.trace().contains("SIP-ETag: "));
            assertTrue(gateway.startLines().toString(),
                    gateway.startLines().contains("SIP/2.0 412 Conditional Request Failed"));
        }
        // Removed with Expires: 0: the gateway withdrew, so routing skips it until it publishes again.
        GatewayStatus status = status(availability, 25661).orElseThrow();
        assertEquals(GatewayStatus.State.WITHDRAWN, status.state());
        assertFalse(availability.isAvailable("127.0.0.1", 25661));
        String listed = shell("sipsm:gateways");
        assertTrue(listed, listed.lines().anyMatch(l -> l.contains("127.0.0.1:25661") && l.contains("withdrawn")));
        assertNoErrorsLogged();
    }

    @Test
    public void tooShortExpiresIsRefusedWithMinExpires() throws Exception {
        service(GatewayAvailability.class);
        try (Sipp gateway = Sipp.client("publish-expect.xml", Map.of("EXPIRES", "1", "STATUS", "423"), HOST, 25662, 1,
                "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.trace().contains("Min-Expires: 2"));
        }
    }

    @Test
    public void unknownSourceIsForbidden() throws Exception {
        service(GatewayAvailability.class);
        configurePublish("192.0.2.0/24");
        try (Sipp gateway = Sipp.client("publish-expect.xml", Map.of("EXPIRES", "600", "STATUS", "403"), HOST, 25663,
                1, "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        } finally {
            configurePublish("127.0.0.1");
        }
        assertFalse(status(service(GatewayAvailability.class), 25663).isPresent());
    }

    @Test
    public void expiredGatewayIsSkippedUntilItPublishesAgain() throws Exception {
        GatewayAvailability availability = service(GatewayAvailability.class);
        SettingsResolver settings = service(SettingsResolver.class);
        forgetGateways();
        setPublishExpire(settings, "60");
        try {
            // SS_SIP_PUBLISH_EXPIRE caps what a gateway asks for.
            publish(GATEWAY_A, "3600", "Expires: 60");
            // A shorter request is granted as asked: the test need not wait a minute for the expiry.
            publish(GATEWAY_A, "2", "Expires: 2");
            await("gateway A expired", Duration.ofSeconds(15), () -> !availability.isAvailable("127.0.0.1", GATEWAY_A));
            assertEquals(GatewayStatus.State.EXPIRED, status(availability, GATEWAY_A).orElseThrow().state());

            // A listens but gets nothing: the call goes straight to B.
            try (Sipp silentA = Sipp.server("silent.xml", Map.of("WAIT_MS", "1000"), GATEWAY_A, 1);
                    Sipp answeringB = Sipp.server("uas.xml", Map.of(), GATEWAY_B, 1);
                    Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25664, 1, "carol")) {
                caller.assertSucceeded(20, TimeUnit.SECONDS);
                answeringB.assertSucceeded(20, TimeUnit.SECONDS);
                assertTrue(answeringB.trace(), answeringB.trace().contains("INVITE sip:carol@127.0.0.1:25672 SIP/2.0"));
                assertFalse(silentA.trace(), silentA.trace().contains("INVITE sip:"));
            }
            await("port " + GATEWAY_A + " free again", Duration.ofSeconds(10), () -> udpPortFree(GATEWAY_A));

            publish(GATEWAY_A, "3600", "Expires: 60");
            assertTrue(availability.isAvailable("127.0.0.1", GATEWAY_A));
            try (Sipp answeringA = Sipp.server("uas.xml", Map.of(), GATEWAY_A, 1);
                    Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25665, 1, "dave")) {
                caller.assertSucceeded(20, TimeUnit.SECONDS);
                answeringA.assertSucceeded(20, TimeUnit.SECONDS);
                assertTrue(answeringA.trace(), answeringA.trace().contains("INVITE sip:dave@127.0.0.1:25671 SIP/2.0"));
            }
        } finally {
            setPublishExpire(settings, null);
        }
        assertNoErrorsLogged();
    }

    @Test
    public void whenEveryGatewayIsUnavailableTheCallStillTriesThemInOrder() throws Exception {
        GatewayAvailability availability = service(GatewayAvailability.class);
        forgetGateways();
        publish(GATEWAY_A, "2", "Expires: 2");
        publish(GATEWAY_B, "2", "Expires: 2");
        await("both gateways expired", Duration.ofSeconds(15), () -> !availability.isAvailable("127.0.0.1", GATEWAY_A)
                && !availability.isAvailable("127.0.0.1", GATEWAY_B));
        try (Sipp answeringA = Sipp.server("uas.xml", Map.of(), GATEWAY_A, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), HOST, 25666, 1, "erin")) {
            caller.assertSucceeded(20, TimeUnit.SECONDS);
            answeringA.assertSucceeded(20, TimeUnit.SECONDS);
            assertTrue(answeringA.trace(), answeringA.trace().contains("INVITE sip:erin@127.0.0.1:25671 SIP/2.0"));
        } finally {
            forgetGateways();
        }
        assertNoErrorsLogged();
    }

    /**
     * Issue 20: the publication state outlives an update of the publish bundle. A published gateway keeps its
     * expiry, an expired one stays unavailable, and nothing is logged as an error.
     */
    @Test
    public void publicationsOutliveAnUpdateOfThePublishBundle() throws Exception {
        forgetGateways();
        GatewayAvailability availability = service(GatewayAvailability.class);
        publish(25667, "600", "Expires: 600");
        publish(25668, "2", "Expires: 2");
        await("gateway 25668 expired", Duration.ofSeconds(15), () -> !availability.isAvailable("127.0.0.1", 25668));
        GatewayStatus published = status(availability, 25667).orElseThrow();
        int mark = karafLog().size();

        org.osgi.framework.Bundle bundle = java.util.Arrays.stream(bundleContext.getBundles())
                .filter(b -> "sipsm-publish".equals(b.getSymbolicName())).findFirst().orElseThrow();
        // Without bundle:refresh, whose restart would come asynchronously, after this test (PolicyUpgradeIT has one).
        shell("bundle:update " + bundle.getBundleId());
        await("the new revision taking the publications up", Duration.ofSeconds(60), () -> karafLog().stream()
                .skip(mark).anyMatch(l -> l.contains("2 gateways' publications taken up")));
        GatewayAvailability next = service(GatewayAvailability.class);
        assertEquals(published, status(next, 25667).orElseThrow());
        assertEquals(GatewayStatus.State.EXPIRED, status(next, 25668).orElseThrow().state());
        assertFalse(next.isAvailable("127.0.0.1", 25668));
        assertTrue(next.isAvailable("127.0.0.1", 25667));
        assertNoErrorOrStackTraceSince(mark);
    }

    /**
     * Takes 127.0.0.1 off the allowed list and puts it back: gateways that may no longer publish are forgotten,
     * so each test starts with every gateway never heard from.
     */
    private void forgetGateways() throws Exception {
        configurePublish("192.0.2.0/24");
        configurePublish("127.0.0.1");
        assertTrue(service(GatewayAvailability.class).gateways().isEmpty());
    }

    /** One PUBLISH from the gateway at {@code port}, answered 200 with {@code granted} among its headers. */
    private static void publish(int port, String expires, String granted) throws Exception {
        try (Sipp gateway = Sipp.client("publish-expect.xml", Map.of("EXPIRES", expires, "STATUS", "200"), HOST, port,
                1, "gateway")) {
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.trace().contains(granted));
        }
    }

    /** True once no process (a SIPp just stopped) holds the UDP port. */
    private static boolean udpPortFree(int port) {
        try (java.net.DatagramSocket socket = new java.net.DatagramSocket(port,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (java.io.IOException inUse) {
            return false;
        }
    }

    private static Optional<GatewayStatus> status(GatewayAvailability availability, int port) {
        return availability.gateways().stream().filter(g -> g.host().equals("127.0.0.1") && g.port() == port)
                .findFirst();
    }

    /** Sets the allowed sources and waits until the component's service shows them. */
    private void configurePublish(String allowed) throws Exception {
        org.osgi.service.cm.Configuration configuration =
                service(ConfigurationAdmin.class).getConfiguration(PUBLISH_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Hashtable<String, Object> changed = new Hashtable<>();
        if (properties != null) {
            for (String key : java.util.Collections.list(properties.keys())) {
                changed.put(key, properties.get(key));
            }
        }
        changed.put("allowed.sources", allowed);
        configuration.update(changed);
        await("allowed.sources " + allowed, Duration.ofSeconds(30), () -> {
            ServiceReference<GatewayAvailability> reference = bundleContext.getServiceReference(GatewayAvailability.class);
            return reference != null && allowed.equals(String.valueOf(reference.getProperty("allowed.sources")));
        });
    }

    /** Sets SS_SIP_PUBLISH_EXPIRE globally (null removes it) and waits until the settings show it. */
    private void setPublishExpire(SettingsResolver settings, String seconds) throws Exception {
        org.osgi.service.cm.Configuration configuration = service(ConfigurationAdmin.class).getConfiguration(SIP_PID, "?");
        Dictionary<String, Object> properties = configuration.getProperties();
        Hashtable<String, Object> changed = new Hashtable<>();
        if (properties != null) {
            for (String key : java.util.Collections.list(properties.keys())) {
                changed.put(key, properties.get(key));
            }
        }
        if (seconds == null) {
            changed.remove("SS_SIP_PUBLISH_EXPIRE");
        } else {
            changed.put("SS_SIP_PUBLISH_EXPIRE", seconds);
        }
        configuration.update(changed);
        Duration expected = Duration.ofSeconds(seconds == null ? 3600 : Long.parseLong(seconds));
        await("SS_SIP_PUBLISH_EXPIRE " + expected, Duration.ofSeconds(30),
                () -> settings.global().settings().publishExpire().equals(expected));
    }
}
