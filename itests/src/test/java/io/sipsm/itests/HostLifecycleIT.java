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
