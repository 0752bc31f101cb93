package io.ganglion.balancer.testing;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.proxy.Transport;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.time.Duration;

/** A balancer started in the test's JVM from configuration text, closed with the test. */
public final class RunningBalancer implements AutoCloseable {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final Balancer balancer;
    private final int port;

    private RunningBalancer(Balancer balancer, int port) {
        this.balancer = balancer;
        this.port = port;
    }

    /**
     * Starts a balancer whose frontend listens on a fresh port, substituted for {@code ${PORT}} in
     * {@code config}.
     */
    public static RunningBalancer start(String config) throws Exception {
        return start("test.cfg", config);
    }

    /**
     * As {@link #start(String)}, on the transport named {@code transport} ({@code io_uring},
     * {@code epoll}, {@code nio}): the choice is read as the balancer starts, so a test calling this
     * must not start another balancer at the same time (a serial test).
     */
    public static RunningBalancer startOn(String transport, String config) throws Exception {
        System.setProperty(Transport.PROPERTY, transport);
        try {
            return start(config);
        } finally {
            System.clearProperty(Transport.PROPERTY);
        }
    }

    /** As {@link #start(String)}, the configuration read as file {@code fileName} (the name its messages and listings give). */
    public static RunningBalancer start(String fileName, String config) throws Exception {
        int port = Ports.free();
        String text = config.replace("${PORT}", Integer.toString(port));
        return new RunningBalancer(Balancer.start(ConfigParser.parse(fileName, text)), port);
    }

    /**
     * The usual test topology: {@code mode http}, 1s connect and 30s client/server timeouts, frontend
     * {@code fe} on a fresh port sending everything to backend {@code be}, whose lines are given
     * (indented, e.g. {@code "    server a 127.0.0.1:8001\n"}).
     */
    public static RunningBalancer startHttp(String backendLines) throws Exception {
        return start(httpTopology("", backendLines));
    }

    /**
     * The text of the usual test topology, with {@code ${PORT}} for the frontend's port; the
     * frontend's own lines (indented, e.g. {@code "    maxconn 1\n"}) go before its {@code default_backend}.
     */
    public static String httpTopology(String frontendLines, String backendLines) {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:${PORT}
                """ + frontendLines + """
                    default_backend be
                backend be
                """ + backendLines;
    }

    public Balancer balancer() {
        return balancer;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /**
     * Sends {@code n} requests for {@code /} one after the other and counts the bodies, which
     * {@link TestHttpBackend} makes its name: who served how many. Every answer must be a 200.
     */
    public Map<String, Integer> servedBy(int n) throws IOException, InterruptedException {
        Map<String, Integer> m = new HashMap<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(uri("/")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("request " + i + " got " + r.statusCode() + ": " + r.body());
            }
            m.merge(r.body(), 1, Integer::sum);
        }
        return m;
    }

    public Backend backend(String name) {
        return balancer.backend(name).orElseThrow();
    }

    public Server server(String backend, String server) {
        return backend(backend).server(server).orElseThrow();
    }

    public void stopGracefully(Duration grace) {
        balancer.stop(grace);
    }

    @Override
    public void close() {
        balancer.close();
    }
}
