package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static io.ganglion.balancer.testing.ShowSessMask.masked;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.ShowSessMask;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show sess}, {@code show sess ID}, {@code show sess all} and {@code shutdown session ID}
 * on the balancer and on HAProxy 2.6 run on the same configuration, with the same traffic: an HTTP
 * request its server does not answer, a {@code mode tcp} connection, a kept-alive connection
 * between requests and a request head not complete yet (those two are no streams for HAProxy).
 *
 * <p>Answers are compared after {@link ShowSessMask} (what varies from run to run or is a process
 * internal).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShowSessTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern HTTP_STREAM = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=fe be=be srv=app ");
    private static final Pattern TCP_STREAM = Pattern.compile("(?m)^(0x[0-9a-f]+): proto=tcpv4 \\S+ fe=fet be=bet srv=app ");

    private HoldingServer app;
    private Target ours;
    private Target theirs;
    private BalancerProcess oursProcess;
    private HaproxyProcess haproxy;

    private record Target(String name, Path admin, Path operator, Path user, int httpPort, int tcpPort, Callable<String> log) {
        String cli(String command) throws IOException {
            return StatsSocket.send(admin, command);
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
                    .until(() -> Files.exists(t.user()) && BalancerProcess.accepts(t.httpPort()));
        }
    }

    private static Target target(String name, Path dir, Callable<String> log) {
        return new Target(name, dir.resolve("admin.sock"), dir.resolve("operator.sock"), dir.resolve("user.sock"),
                Ports.free(), Ports.free(), log);
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
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                frontend fet
                    mode tcp
                    option tcplog
                    bind 127.0.0.1:%d
                    default_backend bet
                backend bet
                    mode tcp
                    server app 127.0.0.1:%d
                """.formatted(t.admin(), t.operator(), t.user(), t.httpPort(), app.port(), t.tcpPort(), app.port());
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
    void listsAndDetailsTheStreamsAsHaproxyDoes() throws Exception {
        String[][] answers = new String[2][];
        int i = 0;
        for (Target t : List.of(ours, theirs)) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n");
                    Socket idle = open(t.httpPort(), "GET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket partial = open(t.httpPort(), "GET / HTTP/1.1\r\n")) {
                readUntil(idle.getInputStream(), "ok");
                await(t.name()).atMost(WAIT).until(() -> HTTP_STREAM.matcher(t.cli("show sess")).find()
                        && TCP_STREAM.matcher(t.cli("show sess")).find());
                String list = t.cli("show sess");
                answers[i++] = new String[] {list, t.cli("show sess " + id(HTTP_STREAM, list)),
                        t.cli("show sess " + id(TCP_STREAM, list)), t.cli("show sess all"),
                        StatsSocket.send(t.operator(), "show sess")};
            }
        }
        String[] mine = answers[0];
        String[] real = answers[1];
        assertThat(masked(mine[0])).as("show sess").isEqualTo(masked(real[0]));
        // the two streams and this session: no stream for the idle and the partial connection
        assertThat(mine[0].lines().filter(line -> !line.isEmpty())).hasSize(3);
        assertThat(masked(mine[1])).as("show sess ID, http").isEqualTo(masked(real[1]));
        assertThat(masked(mine[2])).as("show sess ID, tcp").isEqualTo(masked(real[2]));
        assertThat(masked(mine[3])).as("show sess all").isEqualTo(masked(real[3]));
        assertThat(masked(mine[4])).as("show sess on an operator socket: unix:2")
                .isEqualTo(masked(real[4])).contains(" src=unix:2 fe=GLOBAL ");
    }

    @Test
    void shutdownSessionCutsTheStreamAsHaproxyDoes() throws Exception {
        for (Target t : List.of(ours, theirs)) {
            try (Socket slow = open(t.httpPort(), "GET /slow HTTP/1.1\r\nHost: a\r\n\r\n");
                    Socket tcp = open(t.tcpPort(), "hold\n")) {
                await(t.name()).atMost(WAIT).until(() -> HTTP_STREAM.matcher(t.cli("show sess")).find()
                        && TCP_STREAM.matcher(t.cli("show sess")).find());
                String list = t.cli("show sess");

                assertThat(t.cli("shutdown session " + id(HTTP_STREAM, list))).as(t.name()).isEqualTo("\n");
                assertThat(t.cli("shutdown session " + id(TCP_STREAM, list))).as(t.name()).isEqualTo("\n");

                assertThat(readUntil(slow.getInputStream(), "</html>\n")).as(t.name())
                        .startsWith("HTTP/1.1 502 Bad Gateway\r\n").contains("<h1>502 Bad Gateway</h1>");
                assertThat(readToEnd(tcp.getInputStream())).as(t.name()).isEmpty();
                await(t.name()).atMost(WAIT).untilAsserted(() -> assertThat(t.log().call())
                        .containsPattern(" fe be/app 0/0/\\d+/-1/\\d+ 502 \\d+ - - KH-- \\S+ \\S+ \"GET /slow HTTP/1.1\"")
                        .containsPattern(" fet bet/app \\d+/\\d+/\\d+ 0 K- \\S+ \\S+"));
                assertThat(t.cli("show sess")).as(t.name()).doesNotContain(" fe=fe ", " fe=fet ");
            }
        }
    }

    @Test
    void refusalsAndLevelsAreHaproxys() throws Exception {
        List<String> commands = List.of("show sess 0xdeadbeef", "show sess 12", "shutdown session 0xdeadbeef",
                "shutdown session", "shutdown session foo", "shutdown session 0x0", "shutdown session 12",
                "shutdown session 0x12zz");
        for (String command : commands) {
            assertThat(ours.cli(command)).as(command).isEqualTo(theirs.cli(command));
            assertThat(StatsSocket.send(ours.operator(), command)).as("operator: " + command)
                    .isEqualTo(StatsSocket.send(theirs.operator(), command));
            assertThat(StatsSocket.send(ours.user(), command)).as("user: " + command)
                    .isEqualTo(StatsSocket.send(theirs.user(), command));
        }
        for (String command : List.of("show sess", "show sess all", "show sess foo")) {
            assertThat(StatsSocket.send(ours.user(), command)).as("user: " + command)
                    .isEqualTo(StatsSocket.send(theirs.user(), command)).isEqualTo("Permission denied\n\n");
        }
    }

    private static String id(Pattern stream, String list) {
        Matcher m = stream.matcher(list);
        assertThat(m.find()).as(list).isTrue();
        return m.group(1);
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
