package io.sipsm.itests;

import static org.junit.Assert.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Test;

/**
 * The distribution as the README starts it: {@code bin/karaf} serves SIP on UDP 127.0.0.1:5060 and the
 * B2BUA relays a call to the gateway on 127.0.0.1:5070.
 */
public class DistributionIT {

    private Process karaf;

    @Test
    public void distributionServesSipOnTheDefaultPortAndRelaysToTheDefaultGateway() throws Exception {
        File home = new File(System.getProperty("sipsm.distribution"));
        assertTrue("distribution built at " + home, new File(home, "bin/karaf").canExecute());
        Path log = Files.createTempFile("sipsm-distribution", ".out");
        ProcessBuilder builder = new ProcessBuilder(new File(home, "bin/karaf").getPath(), "server").directory(home)
                .redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SIPSM_HEAP", "512m");
        karaf = builder.start();

        Path karafLog = home.toPath().resolve("data/log/karaf.log");
        KarafTestSupport.await("the B2BUA deployed on UDP 127.0.0.1:5060", Duration.ofSeconds(120),
                () -> !karaf.isAlive() || !bindable(5060) && contains(karafLog, "SIP application b2bua deployed"));
        assertTrue("Karaf exited early:\n" + Files.readString(log), karaf.isAlive());

        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), 5070, 1);
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "500"), "127.0.0.1:5060", 25060, 1, "carol")) {
            caller.assertSucceeded(60, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
            assertTrue(gateway.trace(), gateway.trace().contains("INVITE sip:carol@127.0.0.1:5070 SIP/2.0"));
        }
    }

    @After
    public void stopKaraf() throws InterruptedException, IOException {
        if (karaf == null) {
            return;
        }
        // bin/karaf runs the JVM as its child: stop the whole tree, or Karaf outlives the test holding 5060.
        List<ProcessHandle> tree = karaf.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        karaf.destroy();
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                process.destroyForcibly();
            }
        }
        if (!karaf.waitFor(60, TimeUnit.SECONDS)) {
            karaf.destroyForcibly();
        }
    }

    private static boolean contains(Path file, String text) {
        try {
            return Files.exists(file) && Files.readString(file).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean bindable(int port) {
        try (DatagramSocket socket = new DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (SocketException e) {
            return false;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
