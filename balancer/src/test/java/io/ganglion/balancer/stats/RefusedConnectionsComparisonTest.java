package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.StatsSocket;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connection refused by {@code tcp-request connection reject} is a connection but never a
 * session, compared with a live HAProxy 2.6 on the same configuration and traffic: it counts in
 * {@code conn_tot} and {@code dcon} (of the frontend and of its listener's row, whose {@code stot}
 * counts connections), not in {@code stot}, {@code rate}, {@code SessRate} nor {@code MaxSessRate},
 * and it uses none of {@code maxsessrate}: 30 refused connections under {@code maxsessrate 2} are
 * all refused at once (counted as sessions, they would take some 14 seconds). A connection the
 * rules let through is a session, also when a {@code tcp-request content} rule refuses it next.
 * Skipped without HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusedConnectionsComparisonTest {
    private static final int REFUSED_HTTP = 20;
    private static final int REFUSED_TCP = 10;
    /** Far below the 14 seconds the refused connections would wait if they used maxsessrate. */
    private static final long AT_ONCE_MILLIS = 5_000;
    /** Not refused by the rules: only 127.0.0.1 is. */
    private static final String OTHER_SOURCE = "127.0.0.2";
    /** The columns compared; the rates' columns hang on where a second ends, and are checked on their own. */
    private static final List<String> COLUMNS = List.of("scur", "stot", "conn_tot", "dcon", "dses");

    private final int[] haproxyPorts = {Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free()};
    private TestHttpBackend server;
    private SameConfigPair pair;
    /** Per side (its socket): how long the refused connections took, and show info right after them. */
    private final Map<Path, Long> refusingMillis = new HashMap<>();
    private final Map<Path, Map<String, String>> infoAfterRefusals = new HashMap<>();

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return """
                global
                    stats socket %s level admin
                    maxsessrate 2
                defaults
                    mode http
                    option socket-stats
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d
                    tcp-request connection reject if { src 127.0.0.1 }
                    default_backend be
                frontend tc
                    mode tcp
                    bind 127.0.0.1:%d
                    tcp-request connection reject if { src 127.0.0.1 }
                    tcp-request content reject
                    default_backend bt
                backend be
                    server s1 127.0.0.1:%d
                backend bt
                    mode tcp
                    server s1 127.0.0.1:%d
                """.formatted(socket, p[0], p[1], server.port(), server.port());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new TestHttpBackend("s1");
        pair = SameConfigPair.start(directory, this::config);
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int[] p = socket.equals(pair.haproxySocket()) ? haproxyPorts : ourPorts;
            long start = System.nanoTime();
            for (int i = 0; i < REFUSED_HTTP; i++) {
                assertRefused(p[0]);
            }
            for (int i = 0; i < REFUSED_TCP; i++) {
                assertRefused(p[1]);
            }
            refusingMillis.put(socket, (System.nanoTime() - start) / 1_000_000);
            infoAfterRefusals.put(socket, StatsSocket.showInfo(socket));
            // then one session each, let through by the connection rules
            assertThat(exchangeFromOtherSource(p[0], "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
            assertThat(exchangeFromOtherSource(p[1], "")).as("refused by the content rule").isEmpty();
        }
        // every connection has ended on both sides
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> List.of(pair.haproxySocket(), pair.ourSocket())
                .stream().allMatch(s -> StatCsv.cells(s, "fe", "FRONTEND", List.of("scur")).equals(List.of("0"))
                        && StatCsv.cells(s, "tc", "FRONTEND", List.of("scur")).equals(List.of("0"))));
    }

    @AfterAll
    void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void refusedConnectionsAreNotSessionsInShowStat() {
        for (String[] row : List.of(new String[] {"fe", "FRONTEND"}, new String[] {"fe", "sock-1"},
                new String[] {"tc", "FRONTEND"}, new String[] {"tc", "sock-1"})) {
            String name = row[0] + "/" + row[1];
            assertThat(StatCsv.cells(pair.ourSocket(), row[0], row[1], COLUMNS)).as(name)
                    .isEqualTo(StatCsv.cells(pair.haproxySocket(), row[0], row[1], COLUMNS));
        }
        // HAProxy's values, for the record: the frontends' stot is the one session let through
        assertThat(StatCsv.cells(pair.haproxySocket(), "fe", "FRONTEND", COLUMNS)).containsExactly("0", "1", "21", "20", "0");
        assertThat(StatCsv.cells(pair.haproxySocket(), "tc", "sock-1", COLUMNS)).containsExactly("0", "11", "", "10", "0");
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            // rate_max: the one session, never the refused connections, which conn_rate_max counts
            for (String frontend : List.of("fe", "tc")) {
                List<String> rates = StatCsv.cells(socket, frontend, "FRONTEND", List.of("rate_max", "conn_rate_max"));
                assertThat(rates.get(0)).as(socket + " " + frontend + " rate_max").isEqualTo("1");
                assertThat(Integer.parseInt(rates.get(1))).as(socket + " " + frontend + " conn_rate_max").isGreaterThan(1);
            }
        }
    }

    @Test
    void refusedConnectionsUseNoSessionRate() {
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            Map<String, String> info = infoAfterRefusals.get(socket);
            assertThat(info.get("SessRate")).as(socket + " SessRate").isEqualTo("0");
            assertThat(info.get("MaxSessRate")).as(socket + " MaxSessRate").isEqualTo("0");
            assertThat(info.get("SessRateLimit")).isEqualTo("2");
            assertThat(Integer.parseInt(info.get("MaxConnRate"))).as(socket + " MaxConnRate").isPositive();
            assertThat(refusingMillis.get(socket)).as(socket + ": refused at once, not paced by maxsessrate")
                    .isLessThan(AT_ONCE_MILLIS);
        }
    }

    /** Connects, and expects the connection closed (or reset, as HAProxy does) with nothing sent. */
    private static void assertRefused(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            assertThat(RawHttp.readUntilClosed(s.getInputStream())).isEmpty();
        }
    }

    private static String exchangeFromOtherSource(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port, InetAddress.getByName(OTHER_SOURCE), 0)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return RawHttp.readUntilClosed(s.getInputStream());
        }
    }
}
