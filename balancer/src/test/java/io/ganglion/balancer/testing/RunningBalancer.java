package io.ganglion.balancer.testing;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.proxy.Backend;
import io.ganglion.balancer.server.Server;
import java.net.URI;
import java.time.Duration;

/** A balancer started in the test's JVM from configuration text, closed with the test. */
public final class RunningBalancer implements AutoCloseable {
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
        int port = Ports.free();
        String text = config.replace("${PORT}", Integer.toString(port));
        return new RunningBalancer(Balancer.start(ConfigParser.parse("test.cfg", text)), port);
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
