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
        // Start as unpacked, whatever an earlier run left: the awaits below read the log, the edit below writes etc/.
        deleteTree(home.toPath().resolve("data"));
        Files.deleteIfExists(home.toPath().resolve("etc/io.sipsm.sip.cfg"));
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

        // Management stays on loopback: the SSH console, JMX/RMI, the Prometheus endpoint and SIP, each on
        // 127.0.0.1 and nothing on a wildcard address (which would answer on every interface, IPv4 and IPv6).
        KarafTestSupport.await("the SSH console and the metrics endpoint listening", Duration.ofSeconds(60),
                () -> listening().containsAll(List.of("tcp 127.0.0.1:8101", "tcp 127.0.0.1:9760")));
        List<String> listening = listening();
        System.out.println("Listening sockets of the distribution: " + listening);
        for (String expected : List.of("tcp 127.0.0.1:8101", "tcp 127.0.0.1:1099", "tcp 127.0.0.1:44444",
                "tcp 127.0.0.1:9760", "udp 127.0.0.1:5060")) {
            assertTrue(expected + " in " + listening, listening.contains(expected));
        }
        for (String socket : listening) {
            String address = socket.substring(4, socket.lastIndexOf(':'));
            assertTrue("not on loopback: " + socket + " in " + listening,
                    address.startsWith("127.") || address.equals("::1"));
        }

        // The README's scripting example: key authentication against etc/keys.properties, no password.
        Path keys = home.toPath().resolve("etc/keys.properties");
        String stockKeys = Files.readString(keys);
        Path key = Files.createTempDirectory("sipsm-key").resolve("admin");
        try {
            run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "3072", "-N", "", "-C", "admin", "-f", key.toString()));
            String publicKey = Files.readString(Path.of(key + ".pub")).split(" ")[1];
            assertTrue("the stock file defines the admin group", stockKeys.contains("\n_g_\\:admingroup = "));
            Files.writeString(keys, stockKeys + "\nadmin = " + publicKey + ",_g_:admingroup\n");
            List<String> ssh = List.of("ssh", "-p", "8101", "-i", key.toString(), "-o", "BatchMode=yes", "-o",
                    "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "admin@127.0.0.1");
            List<String> edit = new java.util.ArrayList<>(ssh);
            edit.add("config:edit io.sipsm.sip; config:property-set SS_SIP_TIMEOUT_RINGING 60; config:update");
            run(edit);
            List<String> show = new java.util.ArrayList<>(ssh);
            show.add("config:property-list -p io.sipsm.sip");
            String shown = run(show);
            assertTrue(shown, shown.contains("SS_SIP_TIMEOUT_RINGING = 60"));
        } finally {
            Files.writeString(keys, stockKeys);
            Files.deleteIfExists(home.toPath().resolve("etc/io.sipsm.sip.cfg"));
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (java.util.stream.Stream<Path> paths = Files.walk(root)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Runs a command to its end, failing unless it exits 0; returns what it printed. */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(command + " timed out", process.waitFor(60, TimeUnit.SECONDS));
        assertTrue(command + " failed:\n" + output, process.exitValue() == 0);
        return output;
    }

    /**
     * The sockets the distribution's processes listen on, as {@code tcp|udp address:port}, from the kernel's
     * tables: the lines whose inode is one of the processes' open sockets (other programs on the machine may
     * listen too, and are not the distribution's).
     */
    private List<String> listening() {
        java.util.Set<String> inodes = socketInodes();
        List<String> sockets = new java.util.ArrayList<>();
        for (String table : List.of("tcp", "tcp6", "udp", "udp6")) {
            List<String> lines;
            try {
                lines = Files.readAllLines(Path.of("/proc/net/" + table));
            } catch (IOException e) {
                continue;
            }
            for (String line : lines.subList(1, lines.size())) {
                String[] fields = line.trim().split("\\s+");
                // TCP: state 0A is LISTEN; UDP sockets are bound, state 07. Field 9 is the socket's inode.
                if (fields.length > 9 && fields[3].equals(table.startsWith("tcp") ? "0A" : "07")
                        && inodes.contains(fields[9])) {
                    sockets.add(table.substring(0, 3) + " " + address(fields[1]));
                }
            }
        }
        return sockets;
    }

    /** The inodes of the sockets open in bin/karaf and its descendants (the JVM). */
    private java.util.Set<String> socketInodes() {
        java.util.Set<String> inodes = new java.util.HashSet<>();
        java.util.stream.Stream.concat(java.util.stream.Stream.of(karaf.toHandle()), karaf.descendants())
                .forEach(process -> {
                    try (java.util.stream.Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(process.pid()), "fd"))) {
                        fds.forEach(fd -> {
                            try {
                                String target = Files.readSymbolicLink(fd).toString();
                                if (target.startsWith("socket:[")) {
                                    inodes.add(target.substring(8, target.length() - 1));
                                }
                            } catch (IOException closedMeanwhile) {
                                // the descriptor closed while listed
                            }
                        });
                    } catch (IOException exited) {
                        // the process ended while listed
                    }
                });
        return inodes;
    }

    /** {@code 0100007F:1F95} (little-endian words) as {@code 127.0.0.1:8085}. */
    private static String address(String hex) {
        String[] parts = hex.split(":");
        byte[] bytes = new byte[parts[0].length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int i = 0; i < 4; i++) {
                bytes[word * 4 + i] = (byte) Integer.parseInt(
                        parts[0].substring(word * 8 + (3 - i) * 2, word * 8 + (3 - i) * 2 + 2), 16);
            }
        }
        try {
            String text = InetAddress.getByAddress(bytes).getHostAddress();
            return (text.equals("0:0:0:0:0:0:0:1") ? "::1" : text) + ":" + Integer.parseInt(parts[1], 16);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
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
