package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code shutdown sessions server} on the balancer and on HAProxy 2.6 run on the same
 * configuration: the same answers, and the same effect on the streams it cuts (an HTTP request
 * not answered yet gets the 502 page, logs {@code KH--} and its connection carries the next
 * request; a response under way is cut and logs {@code KD--}; a {@code mode tcp} connection ends
 * and logs {@code K-}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShutdownSessionsServerTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** What HAProxy 2.6 sends for a request cut before its response (measured). */
    private static final String KEPT_ALIVE_502 = "HTTP/1.1 502 Bad Gateway\r\ncontent-length: 107\r\n"
            + "cache-control: no-cache\r\ncontent-type: text/html\r\n\r\n<html><body><h1>502 Bad Gateway</h1>\n"
            + "The server returned an invalid or incomplete response.\n</body></html>\n";

    private HoldingServer app;
    private Target ours;
    private Target theirs;
    private BalancerProcess oursProcess;
    private HaproxyProcess haproxy;

    /** One balancer under test: its admin and operator sockets, its two frontends, its log. */
    private record Target(String name, Path admin, Path operator, int httpPort, int tcpPort, Callable<String> log) {
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

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        HaproxyProcess.requireInstalled();
        app = new HoldingServer();
        Path mine = Files.createDirectories(dir.resolve("ours"));
        Path real = Files.createDirectories(dir.resolve("haproxy"));
        ours = target("ganglion", mine, () -> oursProcess.stdout());
        theirs = target("haproxy", real, () -> Files.readString(real.resolve("haproxy.log")));
        Path cfg = mine.resolve("balancer.cfg");
        Files.writeString(cfg, config(ours));
        oursProcess = BalancerProcess.start(mine, "-f", cfg.toString());
        haproxy = HaproxyProcess.start(real, config(theirs));
        for (Target t : List.of(ours, theirs)) {
            await(t.name() + " started").atMost(Duration.ofSeconds(30))
                    .until(() -> Files.exists(t.admin()) && BalancerProcess.accepts(t.httpPort()));
        }
    }

    private static Target target(String name, Path dir, Callable<String> log) {
        return new Target(name, dir.resolve("admin.sock"), dir.resolve("operator.sock"), Ports.free(), Ports.free(), log);
    }

    private String config(Target t) {
        return """
                global
                    stats socket %s level admin
                    stats socket %s level operator
                    log stdout format raw local0
                defaults
                    mode http
                    log global
                    option httplog
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    balance roundrobin
                    server app 127.0.0.1:%d
                frontend fet
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend bet
                backend bet
                    mode tcp
                    server app 127.0.0.1:%d
                """.formatted(t.admin(), t.operator(), t.httpPort(), app.port(), t.tcpPort(), app.port());
    }

    @AfterAll
    void stop() throws Exception {
        if (oursProcess != null) {
            oursProcess.close();
        }
        if (haproxy != null) {
            haproxy.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    void refusalsAreHaproxys() throws Exception {
        List<String> commands = List.of("shutdown sessions server be/nope", "shutdown sessions server nope/app",
                "shutdown sessions server be", "shutdown sessions server", "shutdown sessions server be/",
                "shutdown sessions server /app");
        for (String command : commands) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
        }
        assertThat(StatsSocket.send(ours.operator(), "shutdown sessions server be/app"))
                .isEqualTo(StatsSocket.send(theirs.operator(), "shutdown sessions server be/app"))
                .isEqualTo("Permission denied\n\n");
    }

    @Test
    void cutsEveryStreamOnTheServerAsHaproxyDoes() throws Exception {
        for (Target t : List.of(ours, theirs)) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket stream = open(t.httpPort(), "GET /stream HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n")) {
                readUntil(stream.getInputStream(), "first\n\r\n");
                await(t.name()).atMost(WAIT).until(() -> t.sessionsOn("be") == 2 && t.sessionsOn("bet") == 1);

                assertThat(t.cli("shutdown sessions server be/app")).as(t.name()).isEqualTo("\n");
                assertThat(t.cli("shutdown sessions server bet/app")).as(t.name()).isEqualTo("\n");

                // The page as HAProxy's HTTP/1 multiplexer writes it, and the connection carries the
                // client's next request.
                assertThat(readUntil(slow.getInputStream(), "</html>\n")).as(t.name()).isEqualTo(KEPT_ALIVE_502);
                slow.getOutputStream().write("GET /ok HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                assertThat(readUntil(slow.getInputStream(), "\r\n\r\nok")).as(t.name()).startsWith("HTTP/1.1 200 OK\r\n");
                assertThat(readToEnd(stream.getInputStream())).as(t.name()).isEmpty();
                assertThat(readToEnd(tcp.getInputStream())).as(t.name()).isEmpty();
                await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                        .containsPattern(" fe be/app \\S+ 502 \\d+ - - KH-- \\S+ \\S+ \"GET /slow HTTP/1.1\"")
                        .containsPattern(" fe be/app \\S+ 200 \\d+ - - KD-- \\S+ \\S+ \"GET /stream HTTP/1.1\"")
                        .containsPattern(" fet bet/app \\S+ \\d+ K- \\S+ \\S+")
                        .containsPattern(" fe be/app \\S+ 200 \\d+ - - ---- \\S+ \\S+ \"GET /ok HTTP/1.1\""));
                assertThat(t.sessionsOn("be")).isZero();
                assertThat(t.sessionsOn("bet")).isZero();
            }
        }
    }

    /**
     * The per-backend reads the agent makes while it drains and removes a server: the same rows,
     * the same refusals for a backend that is not there.
     */
    @Test
    void theAgentsPerBackendReadsAreHaproxys() throws Exception {
        // An unknown name reads as id 0 (no such proxy); an id no proxy has shows no row.
        for (String command : List.of("show servers state nope", "show stat nope 4 -1", "show stat 0 4 -1",
                "show stat 99 4 -1", "show stat -5 4 -1")) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
        }
        for (String command : List.of("show stat be 4 -1", "show stat bet 4 -1", "show stat 3 4 -1", "show stat 3abc 4 -1",
                "show stat be -1 -1")) {
            assertThat(rowNames(ours.cli(command))).as(command).isEqualTo(rowNames(theirs.cli(command)));
        }
        // srv_time_since_last_change (the 10th field) is the time since each started.
        assertThat(ours.cli("show servers state be").replaceAll("(?m)^((?:\\S+ ){9})\\d+", "$1T"))
                .isEqualTo(theirs.cli("show servers state be").replaceAll("(?m)^((?:\\S+ ){9})\\d+", "$1T"));
    }

    /** The header, then pxname,svname of each row. */
    private static List<String> rowNames(String csv) {
        return csv.lines().map(line -> line.startsWith("#") ? line : line.replaceAll("^([^,]*,[^,]*),.*", "$1")).toList();
    }

    /** Ganglion also closes its idle kept-alive connections to the server, so nothing of it is left open. */
    @Test
    void closesTheIdleConnectionsToTheServer() throws Exception {
        try (Socket client = open(ours.httpPort(), "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n")) {
            readUntil(client.getInputStream(), "ok");
        }
        int closedBefore = app.closedByPeer();
        assertThat(ours.cli("shutdown sessions server be/app")).isEqualTo("\n");
        // At least: a connection kept idle by another test of this class may go too.
        await().atMost(WAIT).until(() -> app.closedByPeer() >= closedBefore + 1);
    }

    private static Socket open(int port, String firstBytes) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout((int) WAIT.toMillis());
        s.getOutputStream().write(firstBytes.getBytes(StandardCharsets.ISO_8859_1));
        s.getOutputStream().flush();
        return s;
    }

    private static String readUntil(InputStream in, String end) throws IOException {
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

    private static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.ISO_8859_1);
    }
}
