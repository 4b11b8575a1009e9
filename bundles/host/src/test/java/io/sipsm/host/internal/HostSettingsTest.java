package io.sipsm.host.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import io.sipsm.host.internal.admission.LimitSettings;

class HostSettingsTest {

    /** Loopback and 192.0.2.10 are this machine's addresses in these tests. */
    private static final Predicate<InetAddress> LOCAL = a -> a.isLoopbackAddress()
            || a.getHostAddress().equals("192.0.2.10");

    private static HostSettings.Reading read(Map<String, ?> properties) {
        return HostSettings.read(properties, HostSettings.DEFAULTS, LOCAL);
    }

    private static String refusal(Map<String, ?> properties) {
        HostSettings.Reading reading = read(properties);
        assertEquals(HostSettings.DEFAULTS, reading.settings(), "a refused value keeps the last good one");
        assertEquals(1, reading.refusals().size(), reading.refusals().toString());
        return reading.refusals().get(0).toString();
    }

    @Test
    void missingKeysTakeTheDefaults() {
        HostSettings.Reading reading = read(Map.of());
        assertEquals(HostSettings.DEFAULTS, reading.settings());
        assertEquals(List.of(), reading.refusals());
        assertEquals(List.of(), reading.warnings());
    }

    @Test
    void valuesArriveAsTextFromTheShellAndTypedFromConfigurationAdmin() {
        HostSettings s = read(Map.of("port", "5062", "transport", "TCP", "stack.threads", 16, "routing.order",
                new String[] {"b2bua, echo", "other"}, "overload.enabled", "false", "overload.queue.delay.ms", " 50 ",
                "overload.server.transactions", 20L, "overload.keepalive.options", Boolean.FALSE)).settings();
        assertEquals(5062, s.port());
        assertEquals("tcp", s.transport());
        assertEquals(16, s.stackThreads());
        assertEquals(List.of("b2bua", "echo", "other"), s.routingOrder());
        assertFalse(s.overload().enabled());
        assertEquals(50, s.overload().queueDelayMillis());
        assertEquals(90, s.overload().capacityPercent());
        assertEquals(20, s.overload().serverTransactions());
        assertFalse(s.overload().keepAliveOptions());
        assertEquals(List.of("b2bua"), read(Map.of("routing.order", "b2bua")).settings().routingOrder());
    }

    @Test
    void theConnectorKeysAreRefusedNamingKeyValueAndReason() {
        assertEquals("port=99999 rejected: must be between 1 and 65535", refusal(Map.of("port", "99999")));
        assertEquals("port=0 rejected: must be between 1 and 65535", refusal(Map.of("port", 0)));
        assertEquals("transport=sctp rejected: must be one of udp, tcp", refusal(Map.of("transport", "sctp")));
        assertEquals("stack.threads=0 rejected: must be between 1 and 256", refusal(Map.of("stack.threads", "0")));
        assertEquals("address=sip.example.com rejected: must be an IP address (names are not resolved)",
                refusal(Map.of("address", "sip.example.com")));
        assertEquals("address=300.1.1.1 rejected: must be an IP address (names are not resolved)",
                refusal(Map.of("address", "300.1.1.1")));
        assertEquals("address=192.0.2.99 rejected: no interface of this machine has that address",
                refusal(Map.of("address", "192.0.2.99")));
        assertTrue(refusal(Map.of("address", "1:2:3")).startsWith("address=1:2:3 rejected:"));
    }

    @Test
    void theOverloadKeysAreRefusedNamingKeyValueAndReason() {
        assertEquals("overload.server.transactions=many rejected: 'many' is not a whole number",
                refusal(Map.of("overload.server.transactions", "many")));
        assertEquals("overload.capacity.percent=120 rejected: must be between 0 and 100",
                refusal(Map.of("overload.capacity.percent", "120")));
        refusal(Map.of("overload.heap.percent", "101"));
        refusal(Map.of("overload.retry.after", "0"));
        refusal(Map.of("overload.queue.delay.ms", -1));
        refusal(Map.of("overload.enabled", "yes"));
        refusal(Map.of("overload.dialogs", 1.5));
    }

    @Test
    void theLimitKeysAreReadAndRefusedNamingKeyValueAndReason() {
        LimitSettings limits = read(Map.of("limits.message.bytes", "8192", "limits.message.headers", 50,
                "limits.tcp.idle.timeout", "30", "limits.tcp.connections", "100", "limits.tcp.connections.per.source",
                "10", "limits.rate.initial", "0", "limits.rate.exempt.loopback", "false")).settings().limits();
        assertEquals(new LimitSettings(8192, 50, 30, 100, 10, 0, false), limits);
        assertEquals("limits.message.bytes=100 rejected: must be between 1024 and 65507",
                refusal(Map.of("limits.message.bytes", "100")));
        assertEquals("limits.message.headers=5 rejected: must be between 16 and 1000",
                refusal(Map.of("limits.message.headers", "5")));
        assertEquals("limits.tcp.idle.timeout=0 rejected: must be between 1 and 86400",
                refusal(Map.of("limits.tcp.idle.timeout", "0")));
        assertEquals("limits.tcp.connections=lots rejected: 'lots' is not a whole number",
                refusal(Map.of("limits.tcp.connections", "lots")));
        assertEquals("limits.tcp.connections.per.source=0 rejected: must be between 1 and 100000",
                refusal(Map.of("limits.tcp.connections.per.source", "0")));
        assertEquals("limits.rate.initial=-1 rejected: must be between 0 and 1000000",
                refusal(Map.of("limits.rate.initial", "-1")));
    }

    @Test
    void aRefusedKeyKeepsItsLastGoodValueWhileTheOthersApply() {
        HostSettings lastGood = read(Map.of("port", "5070", "stack.threads", "4")).settings();
        HostSettings.Reading reading = HostSettings.read(Map.of("port", "99999", "stack.threads", "6"), lastGood,
                LOCAL);
        assertEquals(5070, reading.settings().port());
        assertEquals(6, reading.settings().stackThreads());
        assertEquals(1, reading.refusals().size());
    }

    @Test
    void everyInterfaceIsTakenWithAWarning() {
        HostSettings.Reading wildcard = read(Map.of("address", "0.0.0.0"));
        assertEquals("0.0.0.0", wildcard.settings().address());
        assertEquals(List.of("address=0.0.0.0: SIP is exposed on every interface of this machine; bind one address "
                + "unless that is meant"), wildcard.warnings());
        assertEquals(1, read(Map.of("address", "::")).warnings().size());
        HostSettings.Reading one = read(Map.of("address", "192.0.2.10"));
        assertEquals("192.0.2.10", one.settings().address());
        assertEquals(List.of(), one.warnings());
        assertEquals("::1", read(Map.of("address", "[::1]")).settings().address());
    }

    @Test
    void onlyTheConnectorAndItsThreadsRestartTheContainer() {
        HostSettings d = HostSettings.DEFAULTS;
        assertFalse(d.restartNeeded(read(Map.of("routing.order", "b2bua", "overload.dialogs", "5")).settings()));
        assertTrue(d.restartNeeded(read(Map.of("port", "5061")).settings()));
        assertTrue(d.restartNeeded(read(Map.of("transport", "tcp")).settings()));
        assertTrue(d.restartNeeded(read(Map.of("stack.threads", "9")).settings()));
    }
}
