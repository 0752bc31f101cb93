package io.ganglion.balancer.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.SameConfigPair;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter compared with HAProxy 2.6's own on the same configuration (an HTTP frontend with
 * the exporter, a backend with a checked server, a disabled one and a backup, a TCP listen section,
 * a backend with only a stick table): the same families with the same types, help texts and
 * series (label names and values), for every scope and for {@code no-maint}; the same headers and
 * the same 400 for a scope HAProxy does not know.
 */
class PrometheusExporterComparisonTest {
    @TempDir
    static Path dir;

    private static SameConfigPair pair;
    private static int haproxyPort;
    private static int ourPort;
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /**
     * The one family whose type differs on purpose: HAProxy calls it a counter without the
     * {@code _total} suffix, which the Java client's writer would add; it is a gauge here (see
     * {@code MetricFamilies#snapshot}).
     */
    private static final String FAILED_RESOLUTIONS = "haproxy_process_failed_resolutions";

    @BeforeAll
    static void start() throws Exception {
        haproxyPort = Ports.free();
        ourPort = Ports.free();
        int closed = Ports.free();
        pair = SameConfigPair.start(dir, socket -> config(socket,
                socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort, closed));
    }

    @AfterAll
    static void stop() throws Exception {
        if (pair != null) {
            pair.close();
        }
    }

    private static String config(Path socket, int port, int closed) {
        return """
                global
                    stats socket %1$s level admin
                    nbthread 1
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 5s
                frontend fe
                    bind 127.0.0.1:%2$d
                    http-request use-service prometheus-exporter if { path /metrics }
                    default_backend be
                backend be
                    server s1 127.0.0.1:%3$d check inter 60s
                    server s2 127.0.0.1:%3$d maxconn 5 disabled
                    server s3 127.0.0.1:%3$d backup
                listen tcpl
                    mode tcp
                    bind 127.0.0.1:%4$d
                    server t1 127.0.0.1:%3$d
                backend st
                    stick-table type ip size 10 store gpc0
                """.formatted(socket, port, closed, Ports.free());
    }

    @Test
    void everyFamilyOfHaproxyWithItsTypeHelpAndSeries() throws Exception {
        for (String query : List.of("", "?scope=server", "?scope=frontend&scope=backend", "?scope=", "?no-maint",
                "?scope=global&scope=sticktable", "?scope=backend&no-maint")) {
            Exposition theirs = Exposition.parse(get(haproxyPort, "/metrics" + query).body());
            Exposition ours = Exposition.parse(get(ourPort, "/metrics" + query).body());
            assertThat(new ArrayList<>(ours.families().keySet())).as("families of %s, in order", query)
                    .isEqualTo(new ArrayList<>(theirs.families().keySet()));
            assertThat(shape(ours)).as("types, help and series of %s", query).isEqualTo(shape(theirs));
        }
    }

    @Test
    void sameHeadersAndTheSameRefusalOfAnUnknownScope() throws Exception {
        HttpResponse<String> theirs = get(haproxyPort, "/metrics");
        HttpResponse<String> ours = get(ourPort, "/metrics");
        for (String header : List.of("content-type", "cache-control", "transfer-encoding", "content-length")) {
            assertThat(ours.headers().allValues(header)).as(header).isEqualTo(theirs.headers().allValues(header));
        }
        assertThat(ours.headers().firstValue("transfer-encoding")).hasValue("chunked");
        HttpResponse<String> refusedTheirs = get(haproxyPort, "/metrics?scope=all");
        HttpResponse<String> refusedOurs = get(ourPort, "/metrics?scope=all");
        assertThat(refusedTheirs.statusCode()).isEqualTo(400);
        assertThat(refusedOurs.statusCode()).isEqualTo(400);
        assertThat(refusedOurs.body()).isEqualTo(refusedTheirs.body());
    }

    /** Each family's type, help and series, with build_info's version and the documented type difference masked. */
    private static Map<String, String> shape(Exposition e) {
        Map<String, String> shape = new LinkedHashMap<>();
        e.families().forEach((name, f) -> {
            String type = name.equals(FAILED_RESOLUTIONS) ? "counter-or-gauge" : f.type();
            String series = name.equals("haproxy_process_build_info") ? "version=*" : String.join(" | ", f.series());
            shape.put(name, type + " / " + f.help() + " / " + series);
        });
        return shape;
    }

    static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
