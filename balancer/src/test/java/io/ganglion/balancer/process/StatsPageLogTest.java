package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access log of requests the statistics page answers, as HAProxy 2.6.12 logs them: the page's
 * proxy as the backend (the frontend's own, or the backend a rule chose), {@code <STATS>} as the
 * server, queue and connect times (not -1), {@code LR--}; and one the page does not take, for
 * contrast. Dates, ports, byte counts (the page's text differs) and times are masked. (HAProxy logs
 * the 401 of {@code stats auth} as a 400 once the connection ends; Ganglion logs the 401 it sent,
 * see README's known differences.)
 */
class StatsPageLogTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_stats
                bind 127.0.0.1:PORT_fe_stats
                option httplog
                stats uri /st
                stats auth a:b
                use_backend be_stats if { path_beg /bst }
                default_backend be_http
            backend be_stats
                stats uri /bst
                server s1 127.0.0.1:SERVER_PORT
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_stats");
    private static final Pattern LOG_LINE = Pattern.compile("^\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+ \\[.*");

    @TempDir
    Path dir;

    @Test
    void loggedAsHaproxyLogsItsStatsApplet() throws Exception {
        List<String> mine;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, LogComparison.config(CONFIG, ports, server.port()));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, p::stdout);
            }
        }
        assertThat(mine).as("HAProxy 2.6.12's lines for the same traffic").containsExactly(
                "127.0.0.1:PORT [DATE] fe_stats fe_stats/<STATS> T/T/T/T/T 200 B - - LR-- A/A/0/0/0 0/0 \"GET /st;csv HTTP/1.1\"",
                "127.0.0.1:PORT [DATE] fe_stats be_stats/<STATS> T/T/T/T/T 200 B - - LR-- A/A/0/0/0 0/0 \"GET /bst HTTP/1.1\"",
                "127.0.0.1:PORT [DATE] fe_stats be_http/s1 T/T/T/T/T 200 B - - ---- A/A/0/0/0 0/0 \"GET /other HTTP/1.1\"");

        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG, ports, server.port()))) {
                // HAProxy may log a stream a moment after its client saw the end: lines in any order
                assertThat(logged(ports, () -> Files.readString(haproxyDir.resolve("haproxy.log"))))
                        .containsExactlyInAnyOrderElementsOf(mine);
            }
        }
    }

    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        String auth = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString("a:b".getBytes()) + "\r\n";
        List<String> lines = LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            for (String path : List.of("/st;csv", "/bst", "/other")) {
                RawHttp.exchange("127.0.0.1", port, "GET " + path + " HTTP/1.1\r\nHost: x\r\n" + auth
                        + "Connection: close\r\n\r\n");
            }
            return 3;
        }, output, LOG_LINE);
        return lines.stream().map(StatsPageLogTest::masked).toList();
    }

    /** Ports, the date, the byte count and the times (which vary from run to run); -1 (a step not reached) does not. */
    private static String masked(String line) {
        String s = line.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replaceAll("\\[[^\\]]+\\]", "[DATE]");
        String[] w = s.split(" ", -1);
        w[4] = w[4].replaceAll("(^|/)\\d+", "$1T");
        w[6] = "B";
        w[10] = w[10].replaceAll("^\\d+/\\d+/", "A/A/"); // actconn/feconn: the previous connection may not have ended
        return String.join(" ", w);
    }
}
