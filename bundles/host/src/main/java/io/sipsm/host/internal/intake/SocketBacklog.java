package io.sipsm.host.internal.intake;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * How long the datagrams waiting in a UDP socket's kernel buffer, ahead of the reader thread, have been piling
 * up: the part of the receive path the host's own queue cannot see. A reader starved of CPU by the stack's
 * threads lets that buffer fill (measured at twice the capacity: 8 MB waiting and 43,751 datagrams dropped by
 * the kernel while the host's queue stayed under its limit), and every call waits seconds before the host
 * even knows of it.
 *
 * <p>Measured from Linux's socket table ({@code /proc/net/udp}, {@code /proc/net/udp6}: the bytes queued on the
 * port): the backlog is the time since the buffer was last seen holding less than {@link #BACKLOG_BYTES}. It
 * is an upper bound of the oldest datagram's wait, and 0 where the table cannot be read. Sampled at most every
 * {@link #SAMPLE_NANOS}; a sample after a longer gap starts afresh, so a quiet spell never reads as a backlog.
 */
final class SocketBacklog {

    /** About 50 datagrams of a SIP size (the kernel charges 1,280 to 2,304 bytes for each): a few ms of reading. */
    static final long BACKLOG_BYTES = 64 * 1024;
    static final long SAMPLE_NANOS = 10_000_000L;
    static final long GAP_NANOS = 50_000_000L;

    private static final List<Path> SOCKET_TABLES = List.of(Path.of("/proc/net/udp"), Path.of("/proc/net/udp6"));

    private final LongSupplier queuedBytes;
    private final LongSupplier nanoClock;
    private long sampledAt;
    private long backlogSince;
    private boolean backlogged;
    private boolean sampled;

    SocketBacklog(LongSupplier queuedBytes, LongSupplier nanoClock) {
        this.queuedBytes = queuedBytes;
        this.nanoClock = nanoClock;
    }

    /** The backlog of the local UDP port, read from the kernel's socket tables. */
    static SocketBacklog ofPort(int port) {
        return new SocketBacklog(() -> queuedBytes(port), System::nanoTime);
    }

    /** Milliseconds the socket's buffer has held a backlog, as of the last sample; 0 for none. */
    synchronized long millis() {
        long now = nanoClock.getAsLong();
        if (!sampled || now - sampledAt >= SAMPLE_NANOS) {
            boolean continuous = sampled && now - sampledAt <= GAP_NANOS;
            boolean nowBacklogged = queuedBytes.getAsLong() >= BACKLOG_BYTES;
            if (nowBacklogged && !(backlogged && continuous)) {
                backlogSince = now;
            }
            backlogged = nowBacklogged;
            sampledAt = now;
            sampled = true;
        }
        return backlogged ? (now - backlogSince) / 1_000_000L : 0;
    }

    /** Bytes waiting on the port in the kernel's receive buffers; 0 where the tables cannot be read. */
    static long queuedBytes(int port) {
        long bytes = 0;
        for (Path table : SOCKET_TABLES) {
            try {
                bytes += queuedBytes(Files.readString(table, StandardCharsets.US_ASCII), port);
            } catch (IOException | RuntimeException e) {
                // Not Linux, or no IPv6: nothing measured there.
            }
        }
        return bytes;
    }

    /**
     * The receive queues of the sockets bound to {@code port} in a socket table's text: after the heading, one
     * line per socket, {@code sl local_address:port rem_address:port st tx_queue:rx_queue ...}, all in hex.
     */
    static long queuedBytes(String table, int port) {
        long bytes = 0;
        String[] lines = table.split("\n");
        for (int i = 1; i < lines.length; i++) {
            String[] fields = lines[i].trim().split("\\s+");
            if (fields.length < 5) {
                continue;
            }
            int colon = fields[1].lastIndexOf(':');
            int queues = fields[4].indexOf(':');
            if (colon < 0 || queues < 0 || Integer.parseInt(fields[1].substring(colon + 1), 16) != port) {
                continue;
            }
            bytes += Long.parseLong(fields[4].substring(queues + 1), 16);
        }
        return bytes;
    }
}
