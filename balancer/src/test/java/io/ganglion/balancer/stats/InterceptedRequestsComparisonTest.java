package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.ComparisonConfigs;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests the proxy answers itself, in {@code show stat}'s {@code intercepted}, compared with a
 * live HAProxy 2.6 on the same configuration and traffic: a frontend's {@code http-request return}
 * and {@code redirect}, its stats page and its prometheus exporter count on its FRONTEND row (the
 * only row showing the column); a {@code listen} section's own rules too; a backend's
 * {@code return}, {@code redirect} and stats page count nowhere; a {@code deny} counts in
 * {@code dreq} only. The prometheus exporter publishes the same counts. Skipped without HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InterceptedRequestsComparisonTest {
    private static final List<String> COLUMNS = List.of("intercepted", "dreq");
    private static final List<String[]> ROWS = List.of(new String[] {"fe", "FRONTEND"}, new String[] {"fe", "sock-1"},
            new String[] {"be", "BACKEND"}, new String[] {"be", "s1"}, new String[] {"li", "FRONTEND"},
            new String[] {"li", "sock-1"}, new String[] {"li", "BACKEND"}, new String[] {"fs", "FRONTEND"},
            new String[] {"bs", "BACKEND"});

    private final int[] haproxyPorts = {Ports.free(), Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free(), Ports.free()};
    private TestHttpBackend server;
    private SameConfigPair pair;
    private final Map<Path, String> scrapes = new HashMap<>();

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return ComparisonConfigs.httpFrontend(socket, p[0]) + """
                    option socket-stats
                    http-request deny if { path_beg /deny }
                    http-request return status 200 content-type text/plain string ok if { path_beg /return }
                    http-request redirect location /elsewhere if { path_beg /redirect }
                    http-request use-service prometheus-exporter if { path /metrics }
                    stats enable
                    stats uri /stats
                    default_backend be
                backend be
                    http-request return status 200 content-type text/plain string b if { path_beg /backend-return }
                    http-request redirect location /there if { path_beg /backend-redirect }
                    server s1 127.0.0.1:%d
                listen li
                    bind 127.0.0.1:%d
                    option socket-stats
                    http-request return status 200 content-type text/plain string ok if { path_beg /return }
                    http-request redirect location /elsewhere if { path_beg /redirect }
                    server s1 127.0.0.1:%d
                frontend fs
                    bind 127.0.0.1:%d
                    default_backend bs
                backend bs
                    stats enable
                    stats uri /backend-stats
                    server s1 127.0.0.1:%d
                """.formatted(server.port(), p[1], server.port(), p[2], server.port());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new TestHttpBackend("s1");
        pair = SameConfigPair.start(directory, this::config);
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int[] p = socket.equals(pair.haproxySocket()) ? haproxyPorts : ourPorts;
            assertThat(get(p[0], "/deny")).startsWith("HTTP/1.1 403");
            assertThat(get(p[0], "/return")).startsWith("HTTP/1.1 200");
            assertThat(get(p[0], "/redirect")).startsWith("HTTP/1.1 302");
            assertThat(get(p[0], "/stats")).startsWith("HTTP/1.1 200");
            assertThat(get(p[0], "/backend-return")).startsWith("HTTP/1.1 200");
            assertThat(get(p[0], "/backend-redirect")).startsWith("HTTP/1.1 302");
            assertThat(get(p[0], "/")).startsWith("HTTP/1.1 200");
            assertThat(get(p[1], "/return")).startsWith("HTTP/1.1 200");
            assertThat(get(p[1], "/redirect")).startsWith("HTTP/1.1 302");
            assertThat(get(p[1], "/")).startsWith("HTTP/1.1 200");
            assertThat(get(p[2], "/backend-stats")).startsWith("HTTP/1.1 200");
            assertThat(get(p[2], "/")).startsWith("HTTP/1.1 200");
            // last, so that its page shows the counts above (its own scrape included, as HAProxy counts it first)
            String metrics = get(p[0], "/metrics");
            assertThat(metrics).startsWith("HTTP/1.1 200");
            scrapes.put(socket, metrics);
        }
    }

    @AfterAll
    void stop() throws Exception {
        SameConfigPair.close(pair, server);
    }

    @Test
    void interceptedRequestsAsHaproxyCountsThem() {
        StatCsv.assertSameCells(pair, ROWS, COLUMNS);
        // HAProxy's values, for the record: the frontend's return, redirect, exporter and stats page,
        // not its deny nor its backend's return and redirect; the column on no listener nor backend
        assertThat(cells(pair.haproxySocket(), "fe", "FRONTEND")).containsExactly("4", "1");
        assertThat(cells(pair.haproxySocket(), "fe", "sock-1")).containsExactly("", "1");
        assertThat(cells(pair.haproxySocket(), "be", "BACKEND")).containsExactly("", "0");
        // a listen section's own rules are its frontend's
        assertThat(cells(pair.haproxySocket(), "li", "FRONTEND")).containsExactly("2", "0");
        // a backend's stats page is the backend's, not intercepted by the frontend
        assertThat(cells(pair.haproxySocket(), "fs", "FRONTEND")).containsExactly("0", "0");
    }

    /**
     * The exporter publishes the same counters: its denied and intercepted families of frontends,
     * backends and servers (HAProxy's listener families, published with {@code option socket-stats},
     * are not Ganglion's yet).
     */
    @Test
    void exporterPublishesTheSameCounters() {
        Map<String, Double> haproxy = deniedAndIntercepted(scrapes.get(pair.haproxySocket()));
        assertThat(haproxy).containsEntry("haproxy_frontend_intercepted_requests_total{proxy=\"fe\"}", 4.0)
                .containsEntry("haproxy_frontend_intercepted_requests_total{proxy=\"li\"}", 2.0)
                .containsEntry("haproxy_frontend_requests_denied_total{proxy=\"fe\"}", 1.0);
        assertThat(deniedAndIntercepted(scrapes.get(pair.ourSocket()))).isEqualTo(haproxy);
    }

    /** The page's denied and intercepted series, by name and labels, their values as numbers (not as written). */
    private static Map<String, Double> deniedAndIntercepted(String page) {
        Map<String, Double> series = new TreeMap<>();
        page.lines().filter(l -> l.startsWith("haproxy_") && !l.startsWith("haproxy_listener_")
                && (l.contains("denied") || l.contains("intercepted"))).forEach(l -> {
                    int space = l.lastIndexOf(' ');
                    series.put(l.substring(0, space), Double.parseDouble(l.substring(space + 1)));
                });
        return series;
    }

    private static String get(int port, String path) throws IOException {
        return RawHttp.exchange("127.0.0.1", port, "GET " + path + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    }

    private static List<String> cells(Path socket, String proxy, String service) {
        return StatCsv.cells(socket, proxy, service, COLUMNS);
    }
}
