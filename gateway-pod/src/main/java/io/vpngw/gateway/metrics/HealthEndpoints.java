package io.vpngw.gateway.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * {@code /metrics} (Prometheus text), {@code /healthz} (liveness: the gateway's threads are alive)
 * and {@code /readyz} (readiness: configuration loaded and, for the active, the data plane
 * running) on one port, 9090 in the pod. Served by the JDK's HTTP server on two threads of its own,
 * so a busy data plane cannot starve the probes.
 */
public final class HealthEndpoints implements AutoCloseable {
    public static final int DEFAULT_PORT = 9090;
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2,
            r -> Thread.ofPlatform().daemon().name("vpngw-http").unstarted(r));

    public HealthEndpoints(int port, GatewayMetrics metrics, BooleanSupplier live, BooleanSupplier ready) throws IOException {
        server = HttpServer.create(new InetSocketAddress(port), 16);
        server.setExecutor(threads);
        server.createContext("/metrics", exchange -> respond(exchange, 200, PROMETHEUS_TEXT, metrics.scrape()));
        server.createContext("/healthz", exchange -> probe(exchange, live));
        server.createContext("/readyz", exchange -> probe(exchange, ready));
    }

    public HealthEndpoints start() {
        server.start();
        return this;
    }

    /** The bound port (useful when constructed with 0). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange exchange, BooleanSupplier check) throws IOException {
        boolean ok;
        try {
            ok = check.getAsBoolean();
        } catch (RuntimeException e) {
            ok = false;
        }
        respond(exchange, ok ? 200 : 503, "text/plain; charset=utf-8", ok ? "ok\n" : "not ok\n");
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
