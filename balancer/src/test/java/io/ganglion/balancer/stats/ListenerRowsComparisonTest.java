package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code option socket-stats}: one {@code show stat} row per listener (type 3), named by
 * {@code bind ... name} or HAProxy's {@code sock-<id>}, numbered by {@code bind ... id} or as HAProxy
 * numbers them, with its own counters, in the CSV, typed and JSON forms and through the
 * {@code <type>} (8 = listeners) and {@code <sid>} filters, compared with a live HAProxy 2.6 on the
 * same configuration and traffic. Skipped without HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerRowsComparisonTest {
    private static final String CLOSE = "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n";
    /**
     * Columns that differ by nature: the listeners' ports; {@code smax}, which depends on whether
     * a side saw a connection close before the next one came; and bin/bout, compared with the frontend's below.
     */
    private static final List<String> MASKED = List.of("addr", "smax", "bin", "bout");

    private final int[] haproxyPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    private RecordingHttpServer server;
    private SameConfigPair pair;

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return """
                global
                    stats socket %s level admin
                defaults
                    mode http
                    option socket-stats
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    bind 127.0.0.1:%d id 7
                    bind 127.0.0.1:%d name x
                    bind 127.0.0.1:%d,127.0.0.1:%d
                    default_backend be
                frontend fe2
                    no option socket-stats
                    bind 127.0.0.1:%d
                    default_backend be
                listen li
                    mode tcp
                    bind 127.0.0.1:%d
                    server s1 127.0.0.1:%d
                backend be
                    server s1 127.0.0.1:%d
                """.formatted(socket, p[0], p[1], p[2], p[3], Ports.free(), p[4], server.port(), server.port());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new RecordingHttpServer();
        pair = SameConfigPair.start(directory, this::config);
        for (int[] p : List.of(haproxyPorts, ourPorts)) {
            assertThat(RawHttp.exchange("127.0.0.1", p[0], CLOSE)).startsWith("HTTP/1.1 200");
            assertThat(RawHttp.exchange("127.0.0.1", p[0], "GET / HTTP/1.1\r\nHost test\r\n\r\n")).startsWith("HTTP/1.1 400");
            assertThat(RawHttp.exchange("127.0.0.1", p[1], CLOSE)).startsWith("HTTP/1.1 200");
            assertThat(RawHttp.exchange("127.0.0.1", p[4], CLOSE)).startsWith("HTTP/1.1 200");
        }
        // every connection has ended on both sides (scur back to 0)
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> column(pair.ourSocket(), "fe", "FRONTEND", "scur").equals("0")
                && column(pair.haproxySocket(), "fe", "FRONTEND", "scur").equals("0"));
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
    void listenerRowsHaveHaproxysNamesIdsAndCounters() throws IOException {
        List<String> theirs = listenerRows(pair.haproxySocket());
        assertThat(theirs).hasSize(5);
        assertThat(listenerRows(pair.ourSocket())).isEqualTo(theirs);
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            // a listener counts the bytes its connections carried, as its frontend does
            for (String counter : List.of("bin", "bout")) {
                long listeners = 0;
                for (String name : List.of("sock-7", "x", "sock-3", "sock-4")) {
                    listeners += Long.parseLong(column(socket, "fe", name, counter));
                }
                assertThat(listeners).as(counter).isEqualTo(Long.parseLong(column(socket, "fe", "FRONTEND", counter)))
                        .isPositive();
            }
        }
    }

    @Test
    void typeAndSidFiltersSelectListenersAsHaproxysDo() throws IOException {
        for (String filter : List.of("", "fe 8 -1", "-1 8 -1", "fe 8 2", "fe -1 2", "2 9 7", "-1 15 -1", "-1 3 -1", "li 8 1")) {
            assertThat(identities(pair.ourSocket(), filter)).as(filter).isEqualTo(identities(pair.haproxySocket(), filter));
        }
    }

    @Test
    void typedAndJsonFormsCarryTheListenerFieldsWithHaproxysTags() throws IOException {
        assertThat(typedListenerFields(pair.ourSocket())).isEqualTo(typedListenerFields(pair.haproxySocket()))
                .contains("L.2.7.1.svname.1:KNS:str:sock-7", "L.2.2.1.svname.1:KNS:str:x", "L.2.7.32.type.1:CGS:u32:3");
        assertThat(jsonListenerFields(pair.ourSocket())).isEqualTo(jsonListenerFields(pair.haproxySocket()))
                .isNotEmpty();
    }

    /** The CSV rows of type 3, the masked columns emptied. */
    private static List<String> listenerRows(Path socket) throws IOException {
        StatCsv csv = StatCsv.ask(socket, "");
        List<String> rows = new ArrayList<>();
        for (String[] v : csv.rows()) {
            if (csv.cell(v, "type").equals("3")) {
                MASKED.forEach(name -> v[csv.index(name)] = "~");
                rows.add(String.join(",", v));
            }
        }
        return rows;
    }

    private static String column(Path socket, String proxy, String service, String name) throws IOException {
        StatCsv csv = StatCsv.ask(socket, "");
        return csv.cell(csv.row(proxy, service), name);
    }

    /** {@code pxname,svname,sid,type} of each row a filtered {@code show stat} lists. */
    private static List<String> identities(Path socket, String filter) throws IOException {
        StatCsv csv = StatCsv.ask(socket, filter);
        return csv.rows().stream().map(v -> v[0] + "," + v[1] + "," + csv.cell(v, "sid") + "," + csv.cell(v, "type"))
                .toList();
    }

    /** The typed lines of listeners, without the values of the masked columns. */
    private static List<String> typedListenerFields(Path socket) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : StatsSocket.send(socket, "show stat typed").lines().filter(l -> l.startsWith("L.")).toList()) {
            String[] parts = line.split(":", 4); // field, tags, type, value (an address holds a colon)
            String name = parts[0].split("\\.")[4];
            out.add(MASKED.contains(name) ? parts[0] + ":" + parts[1] + ":" + parts[2] : line);
        }
        return out;
    }

    private static final Pattern JSON_FIELD = Pattern.compile(
            "\"objType\": ?\"Listener\", ?\"proxyId\": ?(\\d+), ?\"id\": ?(\\d+), ?\"field\": ?\\{\"pos\": ?(\\d+), ?\"name\": ?\"([a-z_0-9]+)\"\\}");

    /** proxy id, listener id, position and name of each JSON field of a listener. */
    private static List<String> jsonListenerFields(Path socket) throws IOException {
        Matcher m = JSON_FIELD.matcher(StatsSocket.send(socket, "show stat json"));
        List<String> out = new ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + "." + m.group(2) + "." + m.group(3) + "." + m.group(4));
        }
        return out;
    }
}
