package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatsSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show stat typed|json}, {@code show info typed|json} and {@code show schema json} compared with a live
 * HAProxy 2.6 on the same configuration (every row type: HTTP and TCP frontends, listeners, servers
 * with and without checks, tracking, with an agent, slow start, a server added at run time, backends with and without servers): for
 * each row, the fields it carries with their positions, names, tags and types, values masked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TypedStatsComparisonTest {
    private final int[] haproxyPorts = {Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free()};
    private RecordingHttpServer server;
    private SameConfigPair pair;

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return """
                global
                    stats socket %1$s level admin
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 10s
                    timeout server 10s
                frontend fe
                    option socket-stats
                    bind 127.0.0.1:%2$d
                    default_backend be
                listen li
                    mode tcp
                    bind 127.0.0.1:%3$d
                    server t1 127.0.0.1:%4$d
                backend be
                    server s1 127.0.0.1:%4$d check inter 60s
                    server s2 127.0.0.1:%4$d maxconn 10 weight 3
                    server s3 127.0.0.1:%4$d backup disabled
                    server s4 127.0.0.1:%4$d track be/s1
                    server s5 127.0.0.1:%4$d agent-check agent-port %5$d agent-inter 60s
                    server s6 127.0.0.1:%4$d check inter 60s slowstart 10s
                backend empty
                """.formatted(socket, p[0], p[1], server.port(), Ports.free());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new RecordingHttpServer();
        pair = SameConfigPair.start(directory, this::config);
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            assertThat(StatsSocket.send(socket, "add server be/dyn 127.0.0.1:" + server.port())).contains("New server registered.");
        }
        for (int[] p : List.of(haproxyPorts, ourPorts)) {
            assertThat(RawHttp.exchange("127.0.0.1", p[0], "GET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"))
                    .startsWith("HTTP/1.1 200");
        }
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
    void showStatTypedCarriesHaproxysFieldsForEveryRow() throws Exception {
        assertThat(fieldsByRow(StatsSocket.send(pair.ourSocket(), "show stat typed")))
                .isEqualTo(fieldsByRow(StatsSocket.send(pair.haproxySocket(), "show stat typed")));
    }

    @Test
    void showInfoTypedCarriesHaproxysFields() throws Exception {
        assertThat(fieldsByRow(StatsSocket.send(pair.ourSocket(), "show info typed")))
                .isEqualTo(fieldsByRow(StatsSocket.send(pair.haproxySocket(), "show info typed")));
    }

    @Test
    void showStatAndInfoJsonCarryHaproxysFieldsForEveryRow() throws Exception {
        for (String command : List.of("show stat json", "show info json")) {
            assertThat(jsonFieldsByRow(StatsSocket.send(pair.ourSocket(), command))).as(command)
                    .isEqualTo(jsonFieldsByRow(StatsSocket.send(pair.haproxySocket(), command)));
        }
    }

    @Test
    void showSchemaJsonIsHaproxysText() throws Exception {
        assertThat(StatsSocket.send(pair.ourSocket(), "show schema json"))
                .isEqualTo(StatsSocket.send(pair.haproxySocket(), "show schema json"));
    }

    /** The JSON forms' fields by row, each as its position, name, tags and value type. */
    private static Map<String, List<String>> jsonFieldsByRow(String json) throws Exception {
        Map<String, List<String>> rows = new TreeMap<>();
        JsonNode root = new ObjectMapper().readTree(json);
        List<JsonNode> fields = new ArrayList<>();
        for (JsonNode n : root) {
            if (n.isArray()) {
                n.forEach(fields::add);
            } else {
                fields.add(n);
            }
        }
        for (JsonNode f : fields) {
            String row = f.has("objType") ? f.get("objType").asText() + "." + f.get("proxyId") + "." + f.get("id") : "info";
            rows.computeIfAbsent(row, k -> new ArrayList<>()).add(f.get("field").get("pos") + "."
                    + f.get("field").get("name").asText() + ":" + f.get("tags") + ":" + f.get("value").get("type").asText());
        }
        return rows;
    }

    /**
     * Each row's fields as {@code pos.name:tags:type}, keyed by the row ({@code F.2.0}); a
     * {@code show info} line has no row and is keyed by nothing.
     */
    private static Map<String, List<String>> fieldsByRow(String typed) {
        Map<String, List<String>> rows = new TreeMap<>();
        for (String line : typed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(":", 4);
            String[] id = parts[0].split("\\.");
            String row = id.length > 4 ? id[0] + "." + id[1] + "." + id[2] : "info";
            String field = id.length > 4 ? id[3] + "." + id[4] : id[0] + "." + id[1];
            rows.computeIfAbsent(row, k -> new ArrayList<>()).add(field + ":" + parts[1] + ":" + parts[2]);
        }
        return rows;
    }
}
