package io.sipsm.metrics.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.sipsm.health.internal.Health;
import io.sipsm.health.internal.HealthReport;
import io.sipsm.net.IpLiteral;

/**
 * The Prometheus scrape endpoint: {@code GET /metrics} answers every figure of {@link MetricsCollector} in the text
 * exposition format, and {@code GET /health} runs the health checks ({@link HealthQuery}). It uses the JDK's own HTTP server: the distribution has no HTTP service (pax-web) and a
 * scrape is one small request every few seconds, served on one daemon thread.
 */
@Component(service = {}, configurationPid = MetricsConfig.PID, immediate = true)
@Designate(ocd = MetricsConfig.class)
public class PrometheusEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(PrometheusEndpoint.class);

    private final MetricsCollector collector;
    /** The health checks, served at {@code /health}; absent while Felix's executor is not running. */
    private volatile Health health;
    private EndpointSettings settings;
    private Map<String, Object> stored;
    private HttpServer server;
    private ExecutorService executor;

    /** Refused values take their defaults here: there is nothing earlier to keep. */
    @Activate
    public PrometheusEndpoint(@Reference MetricsCollector collector, Map<String, Object> properties) {
        this.collector = collector;
        EndpointSettings.Reading reading = EndpointSettings.read(properties, EndpointSettings.DEFAULTS);
        report(reading, "it takes its default");
        this.settings = reading.settings();
        this.stored = Map.copyOf(properties);
        if (settings.enabled() && !start(settings)) {
            LOG.warn("{}: {}={} refused: {}:{} is in use or cannot be bound; the endpoint is off until an edit gives"
                    + " a free port", MetricsConfig.PID, EndpointSettings.PORT, settings.port(), settings.address(),
                    settings.port());
        }
    }

    /**
     * An edit that brings a bad value, or an address and port that cannot be bound, is refused whole and the
     * endpoint stays where it was; a value refused before and left stored keeps its last good value.
     */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        EndpointSettings previous = settings;
        EndpointSettings.Reading reading = EndpointSettings.read(properties, previous);
        Map<String, Object> before = stored;
        stored = Map.copyOf(properties);
        List<EndpointSettings.Refusal> brought = reading.refusals().stream()
                .filter(r -> !Objects.deepEquals(before.get(r.key()), properties.get(r.key()))).toList();
        if (!brought.isEmpty()) {
            brought.forEach(r -> LOG.error("{}: {}; the edit is refused and the endpoint stays {}", MetricsConfig.PID,
                    r, previous));
            return;
        }
        report(reading, "it was refused before and keeps its last good value while the other keys apply");
        EndpointSettings next = reading.settings();
        if (next.equals(previous) && (server != null || !next.enabled())) {
            return;
        }
        stop();
        if (!next.enabled()) {
            settings = next;
            LOG.info("{}: the metrics endpoint is off", MetricsConfig.PID);
        } else if (start(next)) {
            settings = next;
        } else {
            LOG.error("{}: {}={} rejected: {}:{} is in use or cannot be bound; the edit is refused and the endpoint"
                    + " stays {}", MetricsConfig.PID, EndpointSettings.PORT, next.port(), next.address(), next.port(),
                    previous);
            if (previous.enabled()) {
                start(previous);
            }
        }
    }

    private static void report(EndpointSettings.Reading reading, String consequence) {
        reading.refusals().forEach(r -> LOG.error("{}: {}; {} (remove it: config:property-delete -p {} {})",
                MetricsConfig.PID, r, consequence, MetricsConfig.PID, r.key()));
        reading.warnings().forEach(w -> LOG.warn("{}: {}", MetricsConfig.PID, w));
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindHealth(Health checks) {
        health = checks;
    }

    void unbindHealth(Health checks) {
        if (health == checks) {
            health = null;
        }
    }

    @Deactivate
    synchronized void deactivate() {
        stop();
    }

    private synchronized boolean start(EndpointSettings where) {
        ExecutorService threads = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "sipsm-metrics-http");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(IpLiteral.parse(where.address()).orElseThrow(),
                    where.port()), 16);
            http.createContext("/", this::handle);
            http.setExecutor(threads);
            http.start();
            server = http;
            executor = threads;
            LOG.info("{}: metrics served at {}", MetricsConfig.PID, where);
            return true;
        } catch (IOException e) {
            threads.shutdownNow();
            return false;
        }
    }

    private synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (!"/metrics".equals(path) && !"/health".equals(path)) {
                exchange.sendResponseHeaders(404, -1);
            } else if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
            } else if ("/health".equals(path)) {
                HealthQuery query = HealthQuery.parse(exchange.getRequestURI().getRawQuery(),
                        exchange.getRequestHeaders().getFirst("Accept"));
                Health checks = health;
                if (checks == null) {
                    send(exchange, 503, "text/plain; charset=utf-8",
                            "status HEALTH_CHECK_ERROR\nthe health check executor is not running\n");
                } else {
                    HealthReport report = checks.run(query.tags());
                    send(exchange, report.httpStatus(), query.json() ? "application/json" : "text/plain; charset=utf-8",
                            query.json() ? report.json() : report.text());
                }
            } else {
                send(exchange, 200, PrometheusText.CONTENT_TYPE, PrometheusText.write(collector.all()));
            }
        } finally {
            exchange.close();
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String text) throws IOException {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
