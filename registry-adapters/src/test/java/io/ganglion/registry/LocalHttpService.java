package io.ganglion.registry;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/** A real HTTP service on loopback whose /health answers 200 or 503, as the test decides. */
public final class LocalHttpService implements AutoCloseable {

    private final HttpServer server;
    private final AtomicBoolean healthy = new AtomicBoolean(true);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public LocalHttpService() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/health", exchange -> {
            byte[] body = (healthy.get() ? "ok\n" : "failing\n").getBytes();
            exchange.sendResponseHeaders(healthy.get() ? 200 : 503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String healthUrl() {
        return "http://127.0.0.1:" + port() + "/health";
    }

    public void setHealthy(boolean value) {
        healthy.set(value);
    }

    /** One real health check over HTTP, as the agent's check loop would make it. */
    public boolean check() {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(healthUrl())).timeout(Duration.ofSeconds(5)).build();
            return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
