package io.sipsm.host.internal.admission;

import java.util.List;
import io.sipsm.host.internal.settings.SettingReader;

/**
 * Limits on what arrives from the network, part of {@code HostSettings}. Each holds whatever a peer sends to the
 * size and number the host can afford, before any transaction, session or application sees it.
 *
 * @param messageBytes largest message taken, header section and body together; larger requests get {@code 513}
 * @param headers most header lines (folded lines count once) a message may carry; more get {@code 513}
 * @param tcpIdleSeconds a TCP connection a peer opened that carried no message either way (CRLF keep-alives
 *        count) for this long is closed
 * @param tcpConnections TCP connections peers may hold open at once; beyond, a new one is closed at once
 * @param tcpConnectionsPerSource the same, per source address
 * @param initialRate initial requests a second taken from one source address; beyond, they are dropped; 0: unchecked
 * @param rateExemptsLoopback whether loopback sources (the machine's own proxy and tools) are exempt from the rate
 */
public record LimitSettings(int messageBytes, int headers, int tcpIdleSeconds, int tcpConnections,
        int tcpConnectionsPerSource, int initialRate, boolean rateExemptsLoopback) {

    static final String MESSAGE_BYTES = "limits.message.bytes";
    static final String HEADERS = "limits.message.headers";
    static final String TCP_IDLE = "limits.tcp.idle.timeout";
    static final String TCP_CONNECTIONS = "limits.tcp.connections";
    static final String TCP_CONNECTIONS_PER_SOURCE = "limits.tcp.connections.per.source";
    static final String INITIAL_RATE = "limits.rate.initial";
    static final String RATE_EXEMPTS_LOOPBACK = "limits.rate.exempt.loopback";

    /**
     * The largest message the host can ever take: a UDP datagram's payload. The stack's own TCP limit is set
     * above it ({@link StackProperties}), so that every message up to this size reaches the host's parser.
     */
    public static final int MAX_MESSAGE_BYTES = 65_507;

    /** The defaults; {@code HostMetatypeTest} holds {@link HostConfig}'s declarations to them. */
    public static final LimitSettings DEFAULTS = new LimitSettings(16_384, 100, 180, 512, 64, 100, true);

    public static final List<String> KEYS = List.of(MESSAGE_BYTES, HEADERS, TCP_IDLE, TCP_CONNECTIONS,
            TCP_CONNECTIONS_PER_SOURCE, INITIAL_RATE, RATE_EXEMPTS_LOOPBACK);

    /** The settings the reader's properties give: missing keys take the defaults, refused ones their last good value. */
    public static LimitSettings read(SettingReader r, LimitSettings lastGood) {
        LimitSettings d = DEFAULTS;
        return new LimitSettings(
                r.whole(MESSAGE_BYTES, d.messageBytes, lastGood.messageBytes, 1_024, MAX_MESSAGE_BYTES),
                r.whole(HEADERS, d.headers, lastGood.headers, 16, 1_000),
                r.whole(TCP_IDLE, d.tcpIdleSeconds, lastGood.tcpIdleSeconds, 1, 86_400),
                r.whole(TCP_CONNECTIONS, d.tcpConnections, lastGood.tcpConnections, 1, 100_000),
                r.whole(TCP_CONNECTIONS_PER_SOURCE, d.tcpConnectionsPerSource, lastGood.tcpConnectionsPerSource, 1,
                        100_000),
                r.whole(INITIAL_RATE, d.initialRate, lastGood.initialRate, 0, 1_000_000),
                r.bool(RATE_EXEMPTS_LOOPBACK, d.rateExemptsLoopback, lastGood.rateExemptsLoopback));
    }

    @Override
    public String toString() {
        return MESSAGE_BYTES + "=" + messageBytes + ", " + HEADERS + "=" + headers + ", " + TCP_IDLE + "="
                + tcpIdleSeconds + ", " + TCP_CONNECTIONS + "=" + tcpConnections + ", " + TCP_CONNECTIONS_PER_SOURCE
                + "=" + tcpConnectionsPerSource + ", " + INITIAL_RATE + "=" + initialRate + ", " + RATE_EXEMPTS_LOOPBACK
                + "=" + rateExemptsLoopback;
    }
}
