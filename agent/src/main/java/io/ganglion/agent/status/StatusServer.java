package io.ganglion.agent.status;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.audit.AuditTrail;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's small HTTP endpoint (loopback by default):
 * <ul>
 *   <li>{@code GET /status}: JSON, per service the desired and actual servers, last sync, held
 *       decisions, overrides, errors; and the registrations;</li>
 *   <li>{@code GET /metrics}: Prometheus text format;</li>
 *   <li>{@code GET /audit[?backend=B&server=S]}: the audit trail, oldest first, as JSON;</li>
 *   <li>{@code POST /release?backend=B&server=S}: hands an operator override back to the agent
 *       (what {@code ganglion ctl release B/S} calls).</li>
 * </ul>
 * Requests run on a small pool of its own; everything they read is immutable or concurrent.
 */
public final class StatusServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StatusServer.class);

    private final HttpServer server;
    private final ExecutorService pool;
    private final ObjectMapper json = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT)
            // ISO-8601 text, without pulling in the java.time module for one type.
            .registerModule(new SimpleModule("instants").addSerializer(Instant.class, ToStringSerializer.instance));

    /**
     * @param release called with backend and server; answers whether the backend is one the agent fills
     */
    public StatusServer(InetSocketAddress address, Supplier<StatusView> status, AgentMetrics metrics, AuditTrail audit,
                        BiFunction<String, String, Boolean> release) throws IOException {
        server = HttpServer.create(address, 50);
        pool = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ganglion-status");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(pool);
        server.createContext("/status", exchange -> respond(exchange, "GET", () -> jsonReply(status.get())));
        server.createContext("/metrics", exchange -> respond(exchange, "GET",
                () -> new Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics.render())));
        server.createContext("/audit", exchange -> respond(exchange, "GET", () -> {
            Map<String, String> query = query(exchange.getRequestURI());
            List<AuditEntry> entries = audit.entries(entry -> matches(query.get("backend"), entry.backend())
                    && matches(query.get("server"), entry.server()));
            return jsonReply(entries);
        }));
        server.createContext("/release", exchange -> respond(exchange, "POST", () -> {
            Map<String, String> query = query(exchange.getRequestURI());
            String backend = query.get("backend");
            String serverName = query.get("server");
            if (backend == null || serverName == null) {
                return new Reply(400, "text/plain; charset=utf-8", "release needs ?backend=B&server=S\n");
            }
            if (!release.apply(backend, serverName)) {
                return new Reply(404, "text/plain; charset=utf-8", "the agent does not fill backend '" + backend + "'\n");
            }
            return jsonReply(Map.of("released", backend + "/" + serverName));
        }));
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private record Reply(int status, String contentType, String body) {
    }

    private Reply jsonReply(Object value) {
        try {
            return new Reply(200, "application/json", json.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new IllegalStateException("cannot render JSON: " + e.getMessage(), e);
        }
    }

    private static boolean matches(String wanted, String actual) {
        return wanted == null || wanted.equals(actual);
    }

    private void respond(HttpExchange exchange, String method, Supplier<Reply> handler) throws IOException {
        try (exchange) {
            Reply reply;
            if (!exchange.getRequestMethod().equals(method)) {
                reply = new Reply(405, "text/plain; charset=utf-8", "use " + method + "\n");
            } else {
                try {
                    reply = handler.get();
                } catch (RuntimeException e) {
                    log.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                    reply = new Reply(500, "text/plain; charset=utf-8", e.getMessage() + "\n");
                }
            }
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", reply.contentType());
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> values = new HashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                values.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
