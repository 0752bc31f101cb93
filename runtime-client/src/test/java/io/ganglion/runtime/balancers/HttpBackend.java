package io.ganglion.runtime.balancers;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import com.sun.net.httpserver.HttpServer;

/** A real HTTP server on loopback that answers 200 "ok" to everything: the servers' upstream. */
public final class HttpBackend implements AutoCloseable {

    private final HttpServer server;

    private HttpBackend(HttpServer server) {
        this.server = server;
    }

    public static HttpBackend start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
            server.createContext("/", exchange -> {
                byte[] body = "ok\n".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return new HttpBackend(server);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** Sends one GET through a balancer's frontend and returns the status code. */
    public static int get(int frontendPort) throws IOException, InterruptedException {
        // A plain socket and "Connection: close": the frontend connection ends with the answer, so
        // the balancer's current-session counters go back to 0 at once (a JDK HttpClient would keep
        // the connection in its pool for many minutes).
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", frontendPort)) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            if (!answer.startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + answer);
            }
            return Integer.parseInt(answer.substring(9, 12));
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
