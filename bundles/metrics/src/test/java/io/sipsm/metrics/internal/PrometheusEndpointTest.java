package io.sipsm.metrics.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.sipsm.metrics.Metric;
import io.sipsm.metrics.MetricSource;

/** The endpoint on a real loopback socket. */
class PrometheusEndpointTest {

    private final MetricsCollector collector = new MetricsCollector();

    PrometheusEndpointTest() {
        MetricSource source = () -> List.of(Metric.counter("sipsm_calls_attempted_total", "calls",
                Map.of("tenant", "acme"), 7));
        collector.addSource(source, Map.<String, Object>of(MetricSource.SOURCE, "b2bua", "service.id", 1L));
    }

    @Test
    void servesTheFiguresAndMovesOnAnEditWhileABadEditKeepsIt() throws Exception {
        int port = freePort();
        PrometheusEndpoint endpoint = new PrometheusEndpoint(collector, Map.<String, Object>of("port", port));
        try {
            HttpURLConnection http = get(port, "/metrics");
            assertEquals(200, http.getResponseCode());
            assertEquals(PrometheusText.CONTENT_TYPE, http.getContentType());
            assertTrue(body(http).contains("sipsm_calls_attempted_total{tenant=\"acme\"} 7\n"));
            assertEquals(404, get(port, "/").getResponseCode());

            endpoint.modified(Map.<String, Object>of("port", "not a port"));
            assertEquals(200, get(port, "/metrics").getResponseCode());

            int moved = freePort();
            endpoint.modified(Map.<String, Object>of("port", moved));
            assertEquals(200, get(moved, "/metrics").getResponseCode());
            assertThrows(IOException.class, () -> get(port, "/metrics").getResponseCode());

            endpoint.modified(Map.<String, Object>of("port", moved, "enabled", "false"));
            assertThrows(IOException.class, () -> get(moved, "/metrics").getResponseCode());
        } finally {
            endpoint.deactivate();
        }
    }

    @Test
    void aPortInUseIsRefusedAndTheEndpointStays() throws Exception {
        int port = freePort();
        PrometheusEndpoint endpoint = new PrometheusEndpoint(collector, Map.<String, Object>of("port", port));
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            endpoint.modified(Map.<String, Object>of("port", taken.getLocalPort()));
            assertEquals(200, get(port, "/metrics").getResponseCode());
        } finally {
            endpoint.deactivate();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static HttpURLConnection get(int port, String path) throws IOException {
        HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        http.setConnectTimeout(2000);
        http.setReadTimeout(2000);
        return http;
    }

    private static String body(HttpURLConnection http) throws IOException {
        try (InputStream in = http.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
