package io.ganglion.examples.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * One small HTTP service instance on loopback: {@code GET /} answers its own name (so the load
 * generator can tell who served), {@code GET /health} answers 200 while healthy and 503 after
 * {@link #healthy(boolean) healthy(false)} — the instance keeps serving, only its check fails.
 */
public final class DemoBackend implements AutoCloseable {

    private final String name;
    private final HttpServer server;
    private final ExecutorService threads;
    // Written by the story thread, read by the server's threads: volatile.
    private volatile boolean healthy = true;

    DemoBackend(String name) throws IOException {
        this(name, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** On a given address: the examples start their servers where their configurations name them. */
    public DemoBackend(String name, InetSocketAddress address) throws IOException {
        this.name = name;
        this.server = HttpServer.create(address, 64);
        this.threads = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "demo-backend-" + name);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", exchange -> answer(exchange, 200, name));
        server.createContext("/health", exchange -> answer(exchange, healthy ? 200 : 503, healthy ? "ok" : "failing"));
        server.start();
    }

    String name() {
        return name;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    void healthy(boolean healthy) {
        this.healthy = healthy;
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
