package io.sipsm.host.internal.sip;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.sipsm.host.HostStatus;

/**
 * Bad input from the network, counted by kind. Anyone who can send a packet decides how often these happen, so
 * none is an error of the host: each is answered as its RFC says or dropped, counted here, and the log gets at
 * most one line per kind a minute, saying how many there were. The line names the source and a fixed reason,
 * never the text received.
 */
public final class NetworkFaults {

    /** What went wrong, and what the host did about it. */
    public enum Kind {
        MALFORMED_REQUEST("malformed.request", "400"),
        UNSUPPORTED_VERSION("unsupported.version", "505"),
        MALFORMED_RESPONSE("malformed.response", "dropped"),
        UNANSWERABLE_REQUEST("unanswerable.request", "dropped"),
        TOO_MANY_HOPS("too.many.hops", "483"),
        NO_DIALOG("no.dialog", "481"),
        STRAY_RESPONSE("stray.response", "dropped"),
        VIA_LOOP("via.loop", "answered to source"),
        VIA_TRANSPORT("via.transport", "answered to source"),
        SPOOFED_SOURCE("spoofed.source", "dropped"),
        MESSAGE_TOO_LARGE("message.too.large", "513 or dropped"),
        TOO_MANY_HEADERS("too.many.headers", "513 or dropped"),
        TCP_CONNECTIONS("tcp.connections", "closed at once"),
        TCP_IDLE("tcp.idle", "closed"),
        TCP_CLOSED("tcp.closed.before.answer", "answer dropped"),
        INITIAL_RATE("initial.rate", "dropped"),
        /** A 2xx the caller never acknowledged (RFC 3261 section 13.3.1.4): the call is ended on both legs. */
        NO_ACK("no.ack", "call ended"),
        /** An ACK that found no transaction, no dialog and no session to go to: the call it acknowledges is over. */
        ACK_OF_ENDED_CALL("ack.of.ended.call", "dropped");

        private final String key;
        private final String handling;

        Kind(String key, String handling) {
            this.key = key;
            this.handling = handling;
        }

        String key() {
            return key;
        }

        String handling() {
            return handling;
        }
    }

    public static final NetworkFaults INSTANCE = new NetworkFaults(System::nanoTime);

    static final long LOG_INTERVAL_NANOS = 60_000_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(NetworkFaults.class);

    private final LongSupplier clock;
    private final Map<Kind, LongAdder> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicLong> nextLine = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicLong> countAtLastLine = new EnumMap<>(Kind.class);

    NetworkFaults(LongSupplier clock) {
        this.clock = clock;
        long now = clock.getAsLong();
        for (Kind kind : Kind.values()) {
            counts.put(kind, new LongAdder());
            nextLine.put(kind, new AtomicLong(now));
            countAtLastLine.put(kind, new AtomicLong());
        }
    }

    /**
     * Counts one fault and logs it when no line of its kind was written in the last minute.
     *
     * @param source where it came from, {@code address:port}
     * @param reason a fixed text of the host's, never one taken from the message
     * @return whether a line was written
     */
    public boolean record(Kind kind, String source, String reason) {
        LongAdder count = counts.get(kind);
        count.increment();
        AtomicLong next = nextLine.get(kind);
        long now = clock.getAsLong();
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + LOG_INTERVAL_NANOS)) {
            return false;
        }
        long total = count.sum();
        long since = total - countAtLastLine.get(kind).getAndSet(total);
        LOG.info("Bad input from the network ({}, {}): {} from {}; {} of this kind in the last minute, {} since start "
                + "(at most one line a minute; sipsm:host counts them)", kind.key(), kind.handling(), reason, source,
                since, total);
        return true;
    }

    long count(Kind kind) {
        return counts.get(kind).sum();
    }

    /** Every kind with its count, in a fixed order. */
    public List<HostStatus.NetworkFault> snapshot() {
        return java.util.Arrays.stream(Kind.values())
                .map(kind -> new HostStatus.NetworkFault(kind.key(), kind.handling(), count(kind))).toList();
    }

    public static String source(String address, int port) {
        return address + ":" + port;
    }
}
