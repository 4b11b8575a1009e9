package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.FixMethodOrder;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.junit.runners.MethodSorters;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.cm.ConfigurationAdmin;

import io.sipsm.host.HostStatus;

/** The host moves its connector on a configuration change and leaves nothing behind when it stops. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
@FixMethodOrder(MethodSorters.NAME_ASCENDING)
public class HostLifecycleIT extends KarafTestSupport {

    private static final int FIRST_PORT = 25360;
    private static final int SECOND_PORT = 25361;

    @Configuration
    public Option[] config() {
        return karaf(FIRST_PORT, "sipsm-host");
    }

    @Test
    public void a_connectorMovesWhenThePortChanges() throws Exception {
        HostStatus host = service(HostStatus.class);
        assertEquals("UDP 127.0.0.1:" + FIRST_PORT, host.endpoint());
        assertFalse("the port is held by the host", bindable(FIRST_PORT));

        ConfigurationAdmin configAdmin = service(ConfigurationAdmin.class);
        org.osgi.service.cm.Configuration configuration = configAdmin.getConfiguration("io.sipsm.host", "?");
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("port", Integer.toString(SECOND_PORT));
        configuration.update(properties);

        await("the connector on port " + SECOND_PORT, Duration.ofSeconds(30),
                () -> host.endpoint().endsWith(":" + SECOND_PORT) && !bindable(SECOND_PORT));
        await("port " + FIRST_PORT + " released", Duration.ofSeconds(30), () -> bindable(FIRST_PORT));
        // No application is deployed: the host itself answers 404 on the new port.
        try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "404"), "127.0.0.1:" + SECOND_PORT,
                25362, 1, "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    @Test
    public void b_stoppingTheHostFreesThePortAndLeavesNoThreadAndNoReport() throws Exception {
        HostStatus host = service(HostStatus.class);
        int port = Integer.parseInt(host.endpoint().substring(host.endpoint().lastIndexOf(':') + 1));
        Bundle hostBundle = List.of(bundleContext.getBundles()).stream()
                .filter(b -> "sipsm-host".equals(b.getSymbolicName())).findFirst().orElseThrow();
        ClassLoader hostLoader = hostBundle.adapt(BundleWiring.class).getClassLoader();
        assertTrue("the container's threads run with the host's class loader", !hostThreads(hostLoader).isEmpty());
        assertTrue("no usage-statistics thread", Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().contains("restcomm-stats")));

        hostBundle.stop();

        await("port " + port + " released", Duration.ofSeconds(30), () -> bindable(port));
        await("no thread of the container left: " + hostThreads(hostLoader), Duration.ofSeconds(30),
                () -> hostThreads(hostLoader).isEmpty());
        assertFalse("the container reported usage statistics",
                karafLog().stream().anyMatch(l -> l.contains("restcomm-stats")));
        assertNoErrorsLogged();
        hostBundle.start();
        await("the host back", Duration.ofSeconds(30), () -> !bindable(port));
    }

    /**
     * Every key of the host is validated before anything restarts: each bad value is refused with its key, value
     * and reason while the container keeps running where it was; the bad values left stored do not block a later
     * valid edit of another key; an endpoint another process holds is refused before the connector moves.
     */
    @Test
    public void c_badHostValuesAreRefusedAndTheLastGoodSettingsStay() throws Exception {
        HostStatus host = service(HostStatus.class);
        String endpoint = host.endpoint();
        int port = Integer.parseInt(endpoint.substring(endpoint.lastIndexOf(':') + 1));
        org.osgi.service.cm.Configuration configuration = service(ConfigurationAdmin.class)
                .getConfiguration("io.sipsm.host", "?");
        Hashtable<String, Object> properties = new Hashtable<>(Map.of("port", Integer.toString(port)));
        long restarts = restarts();

        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("port", "99999");
        bad.put("transport", "sctp");
        bad.put("stack.threads", "0");
        bad.put("address", "192.0.2.1");
        Map<String, String> reasons = Map.of("port", "must be between 1 and 65535", "transport",
                "must be one of udp, tcp", "stack.threads", "must be between 1 and 256", "address",
                "no interface of this machine has that address");
        for (Map.Entry<String, String> value : bad.entrySet()) {
            properties.put(value.getKey(), value.getValue());
            configuration.update(properties);
            awaitLogged("io.sipsm.host: " + value.getKey() + "=" + value.getValue() + " rejected: "
                    + reasons.get(value.getKey()) + "; the edit is refused");
            assertEquals(endpoint, host.endpoint());
        }
        assertEquals("a refused value restarts nothing", restarts, restarts());

        // Those values stay stored; a valid edit of another key still applies.
        properties.put("overload.dialogs", "77");
        configuration.update(properties);
        awaitLogged("io.sipsm.host: port=99999 rejected: must be between 1 and 65535; it was refused before and keeps "
                + "its last good value while the other keys apply");
        awaitLogged("Overload control: overload.enabled=true", l -> l.contains("overload.dialogs=77"));
        assertEquals(endpoint, host.endpoint());
        assertFalse("the port is held by the host", bindable(port));

        // A port another process holds: refused before the running connector is given up.
        properties.keySet().removeAll(bad.keySet());
        int taken = SECOND_PORT + 5;
        try (DatagramSocket holder = new DatagramSocket(taken, InetAddress.getByName("127.0.0.1"))) {
            properties.put("port", Integer.toString(taken));
            configuration.update(properties);
            awaitLogged("io.sipsm.host: port=" + taken + " rejected: UDP 127.0.0.1:" + taken
                    + " is in use or cannot be bound; the edit is refused");
            assertEquals(endpoint, host.endpoint());
            assertFalse("the port is held by the host", bindable(port));
        }
        try (Sipp caller = Sipp.client("uac-rejected.xml", Map.of("STATUS", "404"), "127.0.0.1:" + port, 25363, 1,
                "alice")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
        }
    }

    private static long restarts() {
        return karafLog().stream().filter(l -> l.contains("restarting the container")).count();
    }

    private static List<String> hostThreads(ClassLoader hostLoader) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && (t.getContextClassLoader() == hostLoader || t.getName().startsWith("sipsm")))
                .map(Thread::getName).toList();
    }

    private static boolean bindable(int port) {
        try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (SocketException e) {
            return false;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
