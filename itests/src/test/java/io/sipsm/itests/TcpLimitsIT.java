package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.OptionUtils;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

import io.sipsm.host.HostStatus;

/**
 * TCP exhaustion (issue 22): a few hundred idle connections to the SIP port from two loopback addresses. The
 * host keeps no more than its limits in total and per source (the others are closed as soon as they are
 * accepted), its threads stay within two per connection kept, idle connections (a half-open message among
 * them) are closed after the idle timeout, each is counted, the log has no error, and a call over TCP goes
 * through afterwards.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class TcpLimitsIT extends KarafTestSupport {

    private static final int HOST_PORT = 25960;
    private static final int GATEWAY_PORT = 25970;
    private static final int TOTAL = 60;
    private static final int PER_SOURCE = 40;
    private static final int FROM_FIRST = 200;
    private static final int FROM_SECOND = 100;

    @Configuration
    public Option[] config() {
        return OptionUtils.combine(karaf(HOST_PORT, "sipsm-b2bua"),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "transport", "tcp"),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "limits.tcp.connections", Integer.toString(TOTAL)),
                editConfigurationFilePut("etc/io.sipsm.host.cfg", "limits.tcp.connections.per.source",
                        Integer.toString(PER_SOURCE)),
                editConfigurationFilePut("etc/io.sipsm.b2bua.cfg", "gateways",
                        "127.0.0.1:" + GATEWAY_PORT + ";transport=tcp"));
    }

    @Test
    public void connectionsAreCappedIdleOnesClosedAndThreadsBounded() throws Exception {
        awaitHostTakesCalls("tcp", HOST_PORT);
        HostStatus host = service(HostStatus.class);
        int logMark = karafLog().size();
        Map<String, Long> before = counts(host);
        int baseline = ManagementFactory.getThreadMXBean().getThreadCount();

        List<SocketChannel> connections = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            AtomicInteger reset = new AtomicInteger();
            connections.addAll(connect("127.0.0.1", FROM_FIRST, selector, reset));
            connections.addAll(connect("127.0.0.2", FROM_SECOND, selector, reset));
            int refused = FROM_FIRST - PER_SOURCE + FROM_SECOND - (TOTAL - PER_SOURCE);
            await("connections over the limits counted", Duration.ofSeconds(30),
                    () -> counts(host).get("tcp.connections") - before.get("tcp.connections") >= refused);
            Set<SocketChannel> closed = closedWithin(selector, refused - reset.get(), Duration.ofSeconds(30));
            assertEquals("connections closed at once (" + reset + " before the connect returned)", refused,
                    closed.size() + reset.get());
            assertEquals("connections over the limits counted", refused,
                    counts(host).get("tcp.connections") - before.get("tcp.connections"));
            int threads = ManagementFactory.getThreadMXBean().getThreadCount();
            System.out.printf("TcpLimitsIT: %d threads before, %d with %d connections kept of %d opened%n", baseline,
                    threads, TOTAL, FROM_FIRST + FROM_SECOND);
            assertTrue("threads " + threads + " with " + TOTAL + " connections kept, " + baseline + " before",
                    threads <= baseline + 2 * TOTAL + 20);

            // A message begun and never finished keeps a connection no more than one that sent nothing.
            SocketChannel halfOpen = connections.stream().filter(c -> !closed.contains(c)).findFirst().orElseThrow();
            halfOpen.write(ByteBuffer.wrap(("OPTIONS sip:127.0.0.1:" + HOST_PORT + " SIP/2.0\r\nVia: SIP/2.0/TCP "
                    + "127.0.0.1:5;branch=z9hG4bK-half\r\n").getBytes(StandardCharsets.US_ASCII)));

            hostKey("limits.tcp.idle.timeout", "2");
            Set<SocketChannel> idle = closedWithin(selector, TOTAL, Duration.ofSeconds(60));
            assertEquals("idle connections closed", TOTAL, idle.size());
            assertEquals("idle connections counted", TOTAL, counts(host).get("tcp.idle") - before.get("tcp.idle"));
            await("threads back near " + baseline, Duration.ofSeconds(30),
                    () -> ManagementFactory.getThreadMXBean().getThreadCount() <= baseline + 10);
            System.out.printf("TcpLimitsIT: %d threads after the idle ones closed%n",
                    ManagementFactory.getThreadMXBean().getThreadCount());
        } finally {
            for (SocketChannel connection : connections) {
                connection.close();
            }
        }
        assertNoErrorOrStackTraceSince(logMark);
        try (Sipp gateway = Sipp.server("uas.xml", Map.of(), GATEWAY_PORT, 1, "-t", "t1");
                Sipp caller = Sipp.client("uac.xml", Map.of("HOLD_MS", "200"), "127.0.0.1:" + HOST_PORT, 25961, 1,
                        "alice", "-t", "t1")) {
            caller.assertSucceeded(30, TimeUnit.SECONDS);
            gateway.assertSucceeded(30, TimeUnit.SECONDS);
        }
        assertNoErrorOrStackTraceSince(logMark);
    }

    /**
     * Opens {@code count} connections from {@code source} to the host, each watched for its end; one the host
     * resets before the connect returns is counted in {@code reset}.
     */
    private static List<SocketChannel> connect(String source, int count, Selector selector, AtomicInteger reset)
            throws IOException {
        List<SocketChannel> opened = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.bind(new InetSocketAddress(source, 0));
            try {
                channel.socket().connect(new InetSocketAddress("127.0.0.1", HOST_PORT), 10_000);
            } catch (SocketException closedAtOnce) {
                channel.close();
                reset.incrementAndGet();
                continue;
            }
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
            opened.add(channel);
        }
        return opened;
    }

    /**
     * The connections the host ends (end of stream or reset) within the timeout, waiting until {@code expected}
     * did and then one second more for any beyond.
     */
    private static Set<SocketChannel> closedWithin(Selector selector, int expected, Duration timeout)
            throws IOException {
        Set<SocketChannel> closed = new java.util.HashSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        long settle = Long.MAX_VALUE;
        ByteBuffer buffer = ByteBuffer.allocate(4096);
        while (System.nanoTime() < Math.min(deadline, settle)) {
            selector.select(200);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel channel = (SocketChannel) key.channel();
                int read;
                try {
                    buffer.clear();
                    read = channel.read(buffer);
                } catch (IOException reset) {
                    read = -1;
                }
                if (read < 0) {
                    key.cancel();
                    closed.add(channel);
                }
            }
            selector.selectedKeys().clear();
            if (closed.size() >= expected && settle == Long.MAX_VALUE) {
                settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            }
        }
        return closed;
    }

    /** Sets one key of the host's configuration and waits until the host logs its new limits. */
    private void hostKey(String key, String value) throws Exception {
        updateHost(Map.of(key, value));
        awaitLogged(key + "=" + value, line -> line.contains(key + "=" + value + ","));
    }

    private static Map<String, Long> counts(HostStatus host) {
        return host.networkFaults().stream().collect(Collectors.toMap(HostStatus.NetworkFault::kind,
                HostStatus.NetworkFault::count));
    }
}
