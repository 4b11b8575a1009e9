package io.sipsm.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Configuration of the SIP-servlet host, PID {@value SipHost#PID}, as {@code config:meta} and the console show it.
 * The host reads its keys through {@link HostSettings}, which holds the defaults and rules; {@code
 * HostMetatypeTest} keeps these declarations equal to them.
 */
@ObjectClassDefinition(name = "sipsm SIP host",
        description = "The Restcomm SIP Servlets container running inside Karaf: where it listens and how it routes.")
public @interface HostConfig {

    @AttributeDefinition(name = "Listening address",
            description = "IP address the SIP connector binds. Changing it rebinds the connector; calls in progress on the old address are lost.")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "Listening port", min = "1", max = "65535",
            description = "SIP port of the connector. Changing it rebinds the connector without restarting the container.")
    int port() default 5060;

    @AttributeDefinition(name = "Transport", description = "SIP transport of the connector.",
            options = {@Option(label = "UDP", value = "udp"), @Option(label = "TCP", value = "tcp")})
    String transport() default "udp";

    @AttributeDefinition(name = "Routing order",
            description = "SIP application names in the order the application router offers them initial requests. "
                    + "Deployed applications not named here follow in the order they were deployed.")
    String[] routing_order() default {};

    @AttributeDefinition(name = "SIP stack threads", min = "1", max = "256",
            description = "Threads delivering SIP events to the container (jain-sip THREAD_POOL_SIZE, reentrant listener). "
                    + "Takes effect when the container restarts.")
    int stack_threads() default 8;

    // Admission control (OverloadValve, OverloadSettings).

    @AttributeDefinition(name = "Overload control",
            description = "Refuse new calls and out-of-dialog requests with 503 and Retry-After at the limits below: those over a "
                    + "call rate while the host lags, all of them while a memory limit is reached. "
                    + "Requests inside accepted calls are never refused. Changes apply to the next request.")
    boolean overload_enabled() default true;

    @AttributeDefinition(name = "Queue delay limit (ms)", min = "0", max = "60000",
            description = "Age of the oldest received UDP datagram still waiting for a stack thread, or how long datagrams have "
                    + "piled up in the socket's kernel buffer ahead of the reader, whichever is longer. At this delay, with every "
                    + "stack thread busy, the host admits fewer new calls a second than it carries, until it keeps up again. "
                    + "0: not checked.")
    int overload_queue_delay_ms() default 200;

    @AttributeDefinition(name = "Call rate (% of the measured capacity)", min = "0", max = "100",
            description = "From the first sign of lag (the queue delay at a quarter of its limit) until five seconds without lag or "
                    + "refusal, new calls admitted per second at most, in percent of the rate the host measures it can carry: "
                    + "the messages its stack threads handle per second while all are busy, over the messages each admitted "
                    + "call brings. Unknown until the host has been fully busy once. 0: not checked.")
    int overload_capacity_percent() default 90;

    @AttributeDefinition(name = "Server transaction limit", min = "0", max = "10000000",
            description = "Server transactions in the stack, finished ones included while they linger (Timer J, 32 s). 0: not checked.")
    int overload_server_transactions() default 100000;

    @AttributeDefinition(name = "Dialog limit", min = "0", max = "10000000",
            description = "Dialogs in the stack. 0: not checked.")
    int overload_dialogs() default 100000;

    @AttributeDefinition(name = "Heap limit (%)", min = "0", max = "100",
            description = "Heap in use after the last garbage collection, percent of the maximum heap. 0: not checked.")
    int overload_heap_percent() default 85;

    @AttributeDefinition(name = "Resume level (%)", min = "1", max = "100",
            description = "Once refusing, every memory value must fall below this percentage of its limit before new calls are "
                    + "accepted again.")
    int overload_resume_percent() default 80;

    @AttributeDefinition(name = "Retry-After (s)", min = "1", max = "86400",
            description = "Seconds in the Retry-After header of each 503 sent for load.")
    int overload_retry_after() default 5;

    @AttributeDefinition(name = "Answer keep-alive OPTIONS",
            description = "Answer out-of-dialog OPTIONS addressed to the host itself (no user part, as a proxy's dispatcher probes) "
                    + "200 while every new call is accepted and 503 while any are refused, without any application.")
    boolean overload_keepalive_options() default true;

    // Limits on what arrives (LimitSettings, InputLimits).

    @AttributeDefinition(name = "Largest message (bytes)", min = "1024", max = "65507",
            description = "Largest SIP message taken, header section and body together. A larger request is answered "
                    + "513 Message Too Large (RFC 3261 21.5.14) when its Via parses, else dropped; counted either way. "
                    + "Changes apply to the next message.")
    int limits_message_bytes() default 16384;

    @AttributeDefinition(name = "Most header lines", min = "16", max = "1000",
            description = "Most header lines a SIP message may carry. A request with more is answered 513 Message Too Large "
                    + "(it is well formed, only more than the host takes), else dropped; counted either way.")
    int limits_message_headers() default 100;

    @AttributeDefinition(name = "TCP idle timeout (s)", min = "1", max = "86400",
            description = "A TCP connection a peer opened that carried no SIP message either way (CRLF keep-alives count) "
                    + "for this long is closed, a half-open one too. The default is above RFC 5626's keep-alive interval "
                    + "(95-120 s) and the 120 s ringing timeout.")
    int limits_tcp_idle_timeout() default 180;

    @AttributeDefinition(name = "TCP connections", min = "1", max = "100000",
            description = "TCP connections peers may hold open to the host at once. Beyond, a new connection is closed as "
                    + "soon as it is accepted, and counted. Each open connection costs the host two threads.")
    int limits_tcp_connections() default 512;

    @AttributeDefinition(name = "TCP connections per source", min = "1", max = "100000",
            description = "TCP connections one source address may hold open to the host at once. Beyond, a new connection "
                    + "is closed as soon as it is accepted, and counted.")
    int limits_tcp_connections_per_source() default 64;

    @AttributeDefinition(name = "Initial requests per second and source", min = "0", max = "1000000",
            description = "New requests (no To tag; not ACK, CANCEL, BYE or PRACK) taken per second from one source address. "
                    + "Beyond, they are dropped without an answer and counted, as Kamailio's pike does. 0: not checked.")
    int limits_rate_initial() default 100;

    @AttributeDefinition(name = "Loopback exempt from the request rate",
            description = "Whether initial requests from loopback addresses (this machine's own proxy, load generators and "
                    + "tools) are taken whatever their rate.")
    boolean limits_rate_exempt_loopback() default true;
}
