package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The h1 module's counters of {@code show stat} ({@code h1_open_connections} .. {@code h1_bytes_out})
 * compared with a live HAProxy 2.6 on the same configuration and the same traffic: client
 * connections and requests on HTTP frontends, server connections, requests and HTTP health checks
 * on backends, raw bytes both ways, nothing for {@code mode tcp}. Skipped without HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class H1CountersComparisonTest {
    private static final List<String> H1 = List.of("h1_open_connections", "h1_open_streams", "h1_total_connections",
            "h1_total_streams", "h1_bytes_in", "h1_bytes_out", "h1_spliced_bytes_in", "h1_spliced_bytes_out");
    private static final String CLOSE = "GET /a HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
    private static final String KEEP = "GET /b HTTP/1.1\r\nHost: test\r\n\r\n";

    private final int[] haproxyPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    /** A server that reads requests and never answers: they stay in flight. */
    private final ServerSocket holding = holdingServer();
    /** Answers each request in one write, so that what a check has read when it decides is the whole response. */
    private RecordingHttpServer server;
    private SameConfigPair pair;

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                frontend fe_dead
                    bind 127.0.0.1:%d
                    default_backend be_dead
                frontend fe_tcp
                    mode tcp
                    bind 127.0.0.1:%d
                    default_backend be_tcp
                frontend fe_held
                    bind 127.0.0.1:%d
                    default_backend be_held
                backend be_held
                    server s1 127.0.0.1:%d
                backend be
                    # server connections close after each response: which idle ones a pool keeps is its own policy
                    option http-server-close
                    option httpchk GET /health
                    server s1 127.0.0.1:%d check inter 1h
                backend be_dead
                    retries 2
                    server s1 127.0.0.1:%d
                backend be_tcp
                    mode tcp
                    option httpchk GET /health
                    server s1 127.0.0.1:%d
                """.formatted(socket, p[0], p[1], p[2], p[3], holding.getLocalPort(), server.port(), Ports.free(),
                server.port());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new RecordingHttpServer();
        pair = SameConfigPair.start(directory, this::config);
        // the one check each process runs at start (inter 1h) has ended: L7OK
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                checkStatus(pair.haproxySocket()).equals("L7OK") && checkStatus(pair.ourSocket()).equals("L7OK"));
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        if (server != null) {
            server.close();
        }
        holding.close();
    }

    @Test
    void aRequestInFlightIsAnOpenStreamOnBothSides() throws Exception {
        try (Socket theirs = new Socket("127.0.0.1", haproxyPorts[3]); Socket ours = new Socket("127.0.0.1", ourPorts[3])) {
            for (Socket s : List.of(theirs, ours)) {
                s.getOutputStream().write(KEEP.getBytes(StandardCharsets.ISO_8859_1));
            }
            List<String> open = List.of("1", "1", "1", "1");
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
                    Map<String, List<String>> rows = h1Columns(socket);
                    assertThat(rows.get("fe_held/FRONTEND").subList(0, 4)).as(socket.toString()).isEqualTo(open);
                    assertThat(rows.get("be_held/BACKEND").subList(0, 4)).as(socket.toString()).isEqualTo(open);
                }
            });
            assertThat(h1Columns(pair.ourSocket()).get("fe_held/FRONTEND"))
                    .isEqualTo(h1Columns(pair.haproxySocket()).get("fe_held/FRONTEND"));
        }
    }

    private static ServerSocket holdingServer() {
        try {
            ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread t = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                try {
                    while (true) {
                        held.add(listener.accept()); // kept open, never answered
                    }
                } catch (IOException closed) {
                    for (Socket h : held) {
                        try {
                            h.close();
                        } catch (IOException ignored) {
                            // closing anyway
                        }
                    }
                }
            }, "holding-server");
            t.setDaemon(true);
            t.start();
            return listener;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void sameH1CountersAfterTheSameTrafficAndChecks() throws Exception {
        try (Socket idleTheirs = idleConnection(haproxyPorts[0]); Socket idleOurs = idleConnection(ourPorts[0])) {
            for (int[] ports : List.of(haproxyPorts, ourPorts)) {
                traffic(ports);
            }
            // the proxies this traffic used (the other test holds a request in flight on *_held)
            Map<String, List<String>> theirs = h1Columns(pair.haproxySocket());
            theirs.keySet().removeIf(row -> row.contains("_held"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                Map<String, List<String>> ours = h1Columns(pair.ourSocket());
                ours.keySet().removeIf(row -> row.contains("_held"));
                assertThat(ours).isEqualTo(theirs);
            });
            // the kept-alive connection that sent nothing is counted, without a stream
            assertThat(theirs.get("fe/FRONTEND").subList(0, 2)).containsExactly("1", "0");

            // clear counters (not only "all") clears the module's counters; the open connection stays
            // open here, where HAProxy shows 0 (and 2^64-1 once it closes)
            StatsSocket.send(pair.haproxySocket(), "clear counters");
            StatsSocket.send(pair.ourSocket(), "clear counters");
            Map<String, List<String>> clearedTheirs = h1Columns(pair.haproxySocket());
            Map<String, List<String>> clearedOurs = h1Columns(pair.ourSocket());
            clearedTheirs.keySet().removeIf(row -> row.contains("_held"));
            clearedTheirs.forEach((row, values) ->
                    assertThat(clearedOurs.get(row).subList(2, 8)).as(row).isEqualTo(values.subList(2, 8)));
            assertThat(clearedOurs.get("fe/FRONTEND").get(0)).isEqualTo("1");
        }
    }

    /** A closed exchange, three requests on one connection, a malformed request, a dead backend, a TCP exchange. */
    private static void traffic(int[] ports) throws IOException {
        assertThat(RawHttp.exchange("127.0.0.1", ports[0], CLOSE)).startsWith("HTTP/1.1 200");
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", ports[0]), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 3; i++) {
                out.write(KEEP.getBytes(StandardCharsets.ISO_8859_1));
                assertThat(RawHttp.readResponse(in)).startsWith("HTTP/1.1 200");
            }
        }
        assertThat(RawHttp.exchange("127.0.0.1", ports[0], "GET / HTTP/1.1\r\nHost test\r\n\r\n"))
                .startsWith("HTTP/1.1 400");
        assertThat(RawHttp.exchange("127.0.0.1", ports[1], CLOSE)).startsWith("HTTP/1.1 503");
        assertThat(RawHttp.exchange("127.0.0.1", ports[2], CLOSE)).startsWith("HTTP/1.1 200");
    }

    private static Socket idleConnection(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return s;
    }

    /** The h1 columns of every FRONTEND and BACKEND row, by {@code proxy/service}. */
    private static Map<String, List<String>> h1Columns(Path socket) throws IOException {
        StatCsv csv = StatCsv.ask(socket, "");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String[] v : csv.rows()) {
            if (v[1].equals("FRONTEND") || v[1].equals("BACKEND")) {
                rows.put(v[0] + "/" + v[1], H1.stream().map(name -> csv.cell(v, name)).toList());
            }
        }
        return rows;
    }

    private static String checkStatus(Path socket) throws IOException {
        StatCsv csv = StatCsv.ask(socket, "be 4 -1");
        return csv.cell(csv.row("be", "s1"), "check_status");
    }
}
