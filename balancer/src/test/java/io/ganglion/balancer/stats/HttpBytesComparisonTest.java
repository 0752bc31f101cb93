package io.ganglion.balancer.stats;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.SameConfigPair;
import io.ganglion.balancer.testing.StatCsv;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * In HTTP mode {@code show stat}'s {@code bin} and {@code bout} are not the bytes on the wire:
 * HAProxy 2.6 counts each message in its internal form as it arrives (the same sizes as the log's
 * {@code %U} and {@code %B}): a request's head and body as the client sent them, before
 * {@code option forwardfor} adds its header; a response as the server sent it, before
 * {@code http-response} rules; its own pages (a deny's 403, an {@code http-request return}) in full.
 * The same traffic to HAProxy 2.6 and to the balancer: the frontend's, its listener's, the
 * backend's and the server's counts are equal.
 */
class HttpBytesComparisonTest {
    private static final List<String> REQUESTS = List.of(
            "GET /a HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
            "GET /a HTTP/1.1\r\nHost:   test  \r\nUser-Agent: x\r\nConnection: close\r\n\r\n",
            "POST /p HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello",
            "POST /c HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    + "5\r\nhello\r\n3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n",
            "GET /deny HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n",
            "GET /local HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
    private static final List<String> ROWS = List.of("fe/FRONTEND", "fe/l1", "be/s1", "be/BACKEND");

    @Test
    void httpBytesAreCountedAsHaproxyCountsThem(@TempDir Path dir) throws Exception {
        int haproxyPort = Ports.free();
        int ourPort = Ports.free();
        try (RecordingHttpServer server = new RecordingHttpServer();
                SameConfigPair pair = SameConfigPair.start(dir, socket -> """
                        global
                            stats socket %s level admin
                        defaults
                            mode http
                            option socket-stats
                            timeout connect 1s
                            timeout client 10s
                            timeout server 10s
                        frontend fe
                            bind 127.0.0.1:%d name l1
                            option forwardfor
                            http-request deny if { path /deny }
                            http-request return status 200 content-type text/plain string "local" if { path /local }
                            http-response set-header X-Resp yes
                            default_backend be
                        backend be
                            server s1 127.0.0.1:%d
                        """.formatted(socket, socket.getFileName().toString().startsWith("haproxy") ? haproxyPort : ourPort,
                        server.port()))) {
            Map<String, String> theirs = countsAfterTraffic(pair.haproxySocket(), haproxyPort);
            Map<String, String> ours = countsAfterTraffic(pair.ourSocket(), ourPort);
            assertThat(ours).isEqualTo(theirs);
            // not the wire's bytes: the client sent more than HAProxy counts (": ", CRLFs, chunk sizes)
            long sent = REQUESTS.stream().mapToLong(String::length).sum();
            assertThat(Long.parseLong(theirs.get("fe/FRONTEND bin"))).isPositive().isLessThan(sent);
        }
    }

    private static Map<String, String> countsAfterTraffic(Path socket, int port) throws Exception {
        for (String request : REQUESTS) {
            String answer = RawHttp.exchange("127.0.0.1", port, request);
            assertThat(answer).as(request).startsWith(request.contains("/deny") ? "HTTP/1.1 403" : "HTTP/1.1 200");
        }
        // every connection has ended (the counts of the last one are in)
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> cell(socket, "fe/FRONTEND", "scur").equals("0"));
        Map<String, String> counts = new LinkedHashMap<>();
        for (String row : ROWS) {
            for (String column : List.of("bin", "bout")) {
                counts.put(row + " " + column, cell(socket, row, column));
            }
        }
        return counts;
    }

    private static String cell(Path socket, String row, String column) throws IOException {
        StatCsv csv = StatCsv.ask(socket, "");
        String[] names = row.split("/");
        return csv.cell(csv.row(names[0], names[1]), column);
    }
}
