package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.ComparisonConfigs;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Requests and responses refused by rules, in {@code show stat}'s {@code dreq} and {@code dresp},
 * compared with a live HAProxy 2.6 on the same configuration and traffic: an {@code http-request
 * deny} (with {@code deny_status} too) counts on the frontend and its listener's row, and on the
 * backend when the rule is the backend's (not a {@code listen} section's own); a {@code tcp-request
 * content reject} on the frontend and its listener only, a backend's rule too; an
 * {@code http-response deny} in {@code dresp} of the frontend, its listener, the backend and the
 * server; {@code return} and {@code redirect} in neither. Skipped without HAProxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeniedRequestsComparisonTest {
    private static final List<String> COLUMNS = List.of("dreq", "dresp");
    private static final List<String[]> ROWS = List.of(new String[] {"fe", "FRONTEND"}, new String[] {"fe", "sock-1"},
            new String[] {"be", "BACKEND"}, new String[] {"be", "s1"}, new String[] {"li", "FRONTEND"},
            new String[] {"li", "BACKEND"}, new String[] {"li", "s1"}, new String[] {"tc", "FRONTEND"},
            new String[] {"tc", "sock-1"});

    private final int[] haproxyPorts = {Ports.free(), Ports.free(), Ports.free()};
    private final int[] ourPorts = {Ports.free(), Ports.free(), Ports.free()};
    private TestHttpBackend server;
    private SameConfigPair pair;

    private String config(Path socket) {
        int[] p = socket.getFileName().toString().startsWith("haproxy") ? haproxyPorts : ourPorts;
        return ComparisonConfigs.httpFrontend(socket, p[0]) + """
                    option socket-stats
                    http-request set-var(txn.path) path
                    http-request deny if { path_beg /deny }
                    http-request deny deny_status 429 if { req.hdr(x-limit) -m found }
                    http-request return status 200 content-type text/plain string ok if { path_beg /return }
                    http-request redirect location /elsewhere if { path_beg /redirect }
                    http-response deny if { var(txn.path) -m beg /refuse-response }
                    default_backend be
                backend be
                    tcp-request content reject if { req.hdr(x-reject) -m found }
                    http-request deny if { path_beg /backend-deny }
                    http-response deny if { var(txn.path) -m beg /backend-refuses-response }
                    server s1 127.0.0.1:%d
                listen li
                    bind 127.0.0.1:%d
                    http-request set-var(txn.path) path
                    http-request deny if { path_beg /deny }
                    http-response deny if { var(txn.path) -m beg /refuse-response }
                    server s1 127.0.0.1:%d
                frontend tc
                    mode tcp
                    bind 127.0.0.1:%d
                    option socket-stats
                    tcp-request content reject
                    default_backend bt
                backend bt
                    mode tcp
                    server s1 127.0.0.1:%d
                """.formatted(server.port(), p[1], server.port(), p[2], server.port());
    }

    @BeforeAll
    void start(@TempDir Path directory) throws Exception {
        server = new TestHttpBackend("s1");
        pair = SameConfigPair.start(directory, this::config);
        for (Path socket : List.of(pair.haproxySocket(), pair.ourSocket())) {
            int[] p = socket.equals(pair.haproxySocket()) ? haproxyPorts : ourPorts;
            assertThat(get(p[0], "/deny", "")).startsWith("HTTP/1.1 403");
            assertThat(get(p[0], "/", "x-limit: 1\r\n")).startsWith("HTTP/1.1 429");
            assertThat(get(p[0], "/return", "")).startsWith("HTTP/1.1 200");
            assertThat(get(p[0], "/redirect", "")).startsWith("HTTP/1.1 302");
            assertThat(get(p[0], "/backend-deny", "")).startsWith("HTTP/1.1 403");
            assertThat(get(p[0], "/", "x-reject: 1\r\n")).as("rejected by the backend's content rule").isEmpty();
            assertThat(get(p[0], "/refuse-response", "")).startsWith("HTTP/1.1 502");
            assertThat(get(p[0], "/backend-refuses-response", "")).startsWith("HTTP/1.1 502");
            assertThat(get(p[0], "/", "")).startsWith("HTTP/1.1 200");
            assertThat(get(p[1], "/deny", "")).startsWith("HTTP/1.1 403");
            assertThat(get(p[1], "/refuse-response", "")).startsWith("HTTP/1.1 502");
            assertThat(exchange(p[2], "hello")).as("rejected by the content rule").isEmpty();
        }
    }

    @AfterAll
    void stop() throws Exception {
        SameConfigPair.close(pair, server);
    }

    @Test
    void deniedRequestsAndResponsesAsHaproxyCountsThem() {
        StatCsv.assertSameCells(pair, ROWS, COLUMNS);
        // HAProxy's values, for the record: the frontend's two denials, its backend's deny and the
        // backend's content rule (the frontend's only); return and redirect in neither column
        assertThat(cells(pair.haproxySocket(), "fe", "FRONTEND")).containsExactly("4", "2");
        assertThat(cells(pair.haproxySocket(), "fe", "sock-1")).containsExactly("4", "2");
        assertThat(cells(pair.haproxySocket(), "be", "BACKEND")).containsExactly("1", "2");
        assertThat(cells(pair.haproxySocket(), "be", "s1")).containsExactly("", "2");
        // a listen section's own deny is its frontend's, not its backend's; its refused response is both's
        assertThat(cells(pair.haproxySocket(), "li", "FRONTEND")).containsExactly("1", "1");
        assertThat(cells(pair.haproxySocket(), "li", "BACKEND")).containsExactly("0", "1");
        assertThat(cells(pair.haproxySocket(), "tc", "sock-1")).containsExactly("1", "0");
    }

    private static String get(int port, String path, String headers) throws IOException {
        return exchange(port, "GET " + path + " HTTP/1.1\r\nHost: test\r\n" + headers + "Connection: close\r\n\r\n");
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return RawHttp.readUntilClosed(s.getInputStream());
        }
    }

    private static List<String> cells(Path socket, String proxy, String service) {
        return StatCsv.cells(socket, proxy, service, COLUMNS);
    }
}
