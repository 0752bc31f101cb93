package io.ganglion.balancer.process;

import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The balancer (its own process) and HAProxy 2.6 on the same configuration, in front of one
 * {@link HoldingServer}: an HTTP frontend {@code fe} to backend {@code be} and a {@code mode tcp}
 * frontend {@code fet} to {@code bet}, each backend with the one server {@code app} (one connection
 * at a time in {@code bet}: the next ones wait in its queue), and an HTTP frontend {@code feq} to
 * {@code beq} whose {@code app} also takes one connection at a time; admin, operator
 * and user stats sockets; the access log on standard output. For tests that compare what live
 * streams do on both.
 */
final class SideBySide implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);

    /** One balancer under test: its sockets, its two frontends, its log. */
    record Target(String name, Path admin, Path operator, Path user, int httpPort, int tcpPort, int queuedHttpPort,
            Callable<String> log) {
        String cli(String command) throws IOException {
            return StatsSocket.send(admin, command);
        }

        /** {@code scur} of {@code backend/app}, from {@code show stat}. */
        long sessionsOn(String backend) throws IOException {
            return cli("show stat").lines().map(l -> l.split(","))
                    .filter(f -> f.length > 4 && f[0].equals(backend) && f[1].equals("app"))
                    .mapToLong(f -> Long.parseLong(f[4])).findFirst().orElse(-1);
        }
    }

    private final HoldingServer app;
    private final Target ours;
    private final Target theirs;
    private BalancerProcess oursProcess;
    private HaproxyProcess haproxy;

    private SideBySide(Path dir) throws IOException {
        app = new HoldingServer();
        Path mine = Files.createDirectories(dir.resolve("ours"));
        Path real = Files.createDirectories(dir.resolve("haproxy"));
        ours = target("ganglion", mine, () -> oursProcess.stdout());
        theirs = target("haproxy", real, () -> Files.readString(real.resolve("haproxy.log")));
    }

    /** Starts both (skips the test without HAProxy) and waits until both accept. */
    static SideBySide start(Path dir) throws Exception {
        HaproxyProcess.requireInstalled();
        SideBySide both = new SideBySide(dir);
        try {
            Path cfg = dir.resolve("ours").resolve("balancer.cfg");
            Files.writeString(cfg, both.config(both.ours));
            both.oursProcess = BalancerProcess.start(cfg.getParent(), "-f", cfg.toString());
            both.haproxy = HaproxyProcess.start(dir.resolve("haproxy"), both.config(both.theirs));
            for (Target t : both.both()) {
                await(t.name() + " started").atMost(Duration.ofSeconds(30))
                        .until(() -> Files.exists(t.user()) && BalancerProcess.accepts(t.httpPort()));
            }
            return both;
        } catch (Exception | AssertionError e) {
            both.close();
            throw e;
        }
    }

    private static Target target(String name, Path dir, Callable<String> log) {
        return new Target(name, dir.resolve("admin.sock"), dir.resolve("operator.sock"), dir.resolve("user.sock"),
                Ports.free(), Ports.free(), Ports.free(), log);
    }

    private String config(Target t) {
        return """
                global
                    stats socket %s level admin
                    stats socket %s level operator
                    stats socket %s level user
                    stats timeout 2m
                    log stdout format raw local0
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout queue 30s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    balance roundrobin
                    server app 127.0.0.1:%d
                frontend fet
                    mode tcp
                    option tcplog
                    bind 127.0.0.1:%d
                    default_backend bet
                backend bet
                    mode tcp
                    server app 127.0.0.1:%d maxconn 1
                frontend feq
                    bind 127.0.0.1:%d
                    default_backend beq
                backend beq
                    server app 127.0.0.1:%d maxconn 1
                """.formatted(t.admin(), t.operator(), t.user(), t.httpPort(), app.port(), t.tcpPort(), app.port(),
                t.queuedHttpPort(), app.port());
    }

    Target ours() {
        return ours;
    }

    Target theirs() {
        return theirs;
    }

    List<Target> both() {
        return List.of(ours, theirs);
    }

    HoldingServer app() {
        return app;
    }

    @Override
    public void close() throws Exception {
        if (oursProcess != null) {
            oursProcess.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        app.close();
    }

    /** A client connection that has sent {@code firstBytes}. */
    static Socket open(int port, String firstBytes) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout((int) WAIT.toMillis());
        s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    static String readUntil(InputStream in, String end) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().endsWith(end)) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("closed before '" + end + "': " + seen);
            }
            seen.append((char) c);
        }
        return seen.toString();
    }

    static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
