package io.sipsm.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import javax.management.MBeanServer;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;

/** Reads the metrics bundle's Prometheus endpoint on 127.0.0.1 (issue 24) and compares figures with the MBeans. */
final class MetricsScrape {

    private MetricsScrape() {
    }

    /** The endpoint's samples, by series, once it answers. */
    static Map<String, Double> scrape(int port) throws InterruptedException {
        AtomicReference<String> text = new AtomicReference<>();
        KarafTestSupport.await("the Prometheus endpoint on 127.0.0.1:" + port, Duration.ofSeconds(30), () -> {
            try {
                text.set(text(port));
                return true;
            } catch (UncheckedIOException notYet) {
                return false;
            }
        });
        return samples(text.get());
    }

    static Map<String, Double> samples(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int space = line.lastIndexOf(' ');
                samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return samples;
    }

    static String text(int port) {
        try {
            HttpURLConnection http = (HttpURLConnection) new URL("http://127.0.0.1:" + port + "/metrics")
                    .openConnection();
            http.setConnectTimeout(5000);
            http.setReadTimeout(5000);
            assertEquals(200, http.getResponseCode());
            assertTrue(http.getContentType(), http.getContentType().startsWith("text/plain; version=0.0.4"));
            try (InputStream in = http.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Awaits the endpoint showing exactly {@code expected} as the change of each series since {@code start}, and
     * returns the samples then.
     */
    static Map<String, Double> awaitDeltas(int port, Map<String, Double> start, Map<String, Long> expected)
            throws InterruptedException {
        AtomicReference<Map<String, Long>> counted = new AtomicReference<>();
        AtomicReference<Map<String, Double>> last = new AtomicReference<>();
        try {
            KarafTestSupport.await("the figures on the Prometheus endpoint", Duration.ofSeconds(30), () -> {
                Map<String, Double> now = samples(text(port));
                last.set(now);
                Map<String, Long> delta = new LinkedHashMap<>();
                expected.keySet().forEach(series -> delta.put(series,
                        Math.round(now.getOrDefault(series, 0.0) - start.getOrDefault(series, 0.0))));
                counted.set(delta);
                return delta.equals(expected);
            });
        } catch (AssertionError | RuntimeException e) {
            assertEquals(expected, counted.get());
        }
        return last.get();
    }

    /** The MBean of a metric source shows each series with the value it had on the endpoint. */
    static void assertMBeanShows(MBeanServerConnection mbeans, String source, Map<String, Double> samples,
            Iterable<String> series) throws Exception {
        ObjectName name = new ObjectName("io.sipsm:type=Metrics,source=" + source);
        if (mbeans instanceof MBeanServer local) {
            KarafTestSupport.await("the MBean " + name, Duration.ofSeconds(30), () -> local.isRegistered(name));
        }
        for (String one : series) {
            assertEquals(one + " on " + name, Math.round(samples.getOrDefault(one, 0.0)),
                    ((Number) mbeans.getAttribute(name, one)).longValue());
        }
    }
}
