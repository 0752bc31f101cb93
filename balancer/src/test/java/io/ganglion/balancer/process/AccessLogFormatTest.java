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
 * The access log's format follows {@code option httplog}, {@code option tcplog} or neither, in
 * {@code mode http} and {@code mode tcp}, as HAProxy 2.6.12 logs them with {@code log stdout format raw}:
 * the same traffic through both, the lines compared byte for byte once client ports, dates and
 * timers (which vary from run to run) are masked. The byte count of an HTTP frontend's lines is
 * the internal (HTX) size of the response, as HAProxy counts it (51 for the 40 bytes that reach
 * the client).
 */
class AccessLogFormatTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_default
                bind 127.0.0.1:PORT_fe_default
                default_backend be_http
            frontend fe_httplog
                bind 127.0.0.1:PORT_fe_httplog
                option httplog
                default_backend be_http
            frontend fe_tcplog
                bind 127.0.0.1:PORT_fe_tcplog
                option tcplog
                default_backend be_http
            frontend tcp_default
                mode tcp
                bind 127.0.0.1:PORT_tcp_default
                default_backend be_tcp
            frontend tcp_tcplog
                mode tcp
                bind 127.0.0.1:PORT_tcp_tcplog
                option tcplog
                default_backend be_tcp
            frontend tcp_httplog
                mode tcp
                bind 127.0.0.1:PORT_tcp_httplog
                option httplog
                default_backend be_tcp
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_default", "fe_httplog", "fe_tcplog", "tcp_default",
            "tcp_tcplog", "tcp_httplog");
    /** Two requests on one connection to an HTTP frontend, one to a TCP frontend: 9 lines in all. */
    private static final int LINES = 9;

    /** Measured on HAProxy 2.6.12 with this configuration and traffic. */
    private static final List<String> EXPECTED = List.of(
            "Connect from 127.0.0.1:PORT to 127.0.0.1:PORT (fe_default/HTTP)",
            "Connect from 127.0.0.1:PORT to 127.0.0.1:PORT (fe_default/HTTP)",
            "127.0.0.1:PORT [DATE] fe_httplog be_http/s1 T/T/T/T/T 200 51 - - ---- 1/1/0/0/0 0/0 \"GET /a HTTP/1.1\"",
            "127.0.0.1:PORT [DATE] fe_httplog be_http/s1 T/T/T/T/T 200 51 - - ---- 1/1/0/0/0 0/0 \"GET /b HTTP/1.1\"",
            "127.0.0.1:PORT [DATE] fe_tcplog be_http/s1 T/T/T 51 -- 1/1/0/0/0 0/0",
            "127.0.0.1:PORT [DATE] fe_tcplog be_http/s1 T/T/T 51 -- 1/1/0/0/0 0/0",
            "Connect from 127.0.0.1:PORT to 127.0.0.1:PORT (tcp_default/TCP)",
            "127.0.0.1:PORT [DATE] tcp_tcplog be_tcp/s1 T/T/T 40 -- 1/1/0/0/0 0/0",
            "127.0.0.1:PORT [DATE] tcp_httplog be_tcp/s1 T/T/T 40 -- 1/1/0/0/0 0/0");

    private static final Pattern LOG_LINE = Pattern.compile("^(Connect from |\\d+\\.\\d+\\.\\d+\\.\\d+:\\d+ \\[).*");

    @TempDir
    Path dir;

    @Test
    void eachFormatAsHaproxy26() throws Exception {
        List<String> mine;
        String myWarnings;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, LogComparison.config(CONFIG, ports, server.port()));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, () -> p.stdout());
                myWarnings = p.stderr();
            }
        }
        assertThat(mine).isEqualTo(EXPECTED);
        // HAProxy's words: 'option httplog' not usable with frontend 'tcp_httplog' (needs 'mode http')...
        assertThat(myWarnings).contains("parsing [" + dir.resolve("balancer.cfg") + ":32] : 'option httplog' not usable with "
                + "frontend 'tcp_httplog' (needs 'mode http'). Falling back to 'option tcplog'.");

        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG, ports, server.port()))) {
                // HAProxy uncounts a connection a moment after its client saw the end of it: the next
                // connection's line may still count it in actconn (2/1/0/0/0).
                assertThat(withoutActconn(logged(ports, () -> Files.readString(haproxyDir.resolve("haproxy.log")))))
                        .isEqualTo(withoutActconn(mine));
            }
        }
    }

    private static List<String> withoutActconn(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll(" \\d+(/\\d+/\\d+/\\d+/\\d+ \\d+/\\d+)( |$)", " A$1$2")).toList();
    }

    /**
     * Two requests on one connection to each HTTP frontend, one to each TCP frontend; the masked lines.
     */
    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        List<String> lines = LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            if (frontend.startsWith("fe_")) {
                RawHttp.exchange("127.0.0.1", port, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                return 2;
            }
            RawHttp.exchange("127.0.0.1", port, "GET /t HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return 1;
        }, output, LOG_LINE);
        assertThat(lines).hasSize(LINES);
        return lines.stream().map(AccessLogFormatTest::masked).toList();
    }

    /** Client and frontend ports, the date and the timers vary from run to run; -1 (a step not reached) does not. */
    private static String masked(String line) {
        String s = line.replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT").replaceAll("\\[[^\\]]+\\]", "[DATE]");
        String[] w = s.split(" ", -1);
        if (!s.startsWith("Connect from") && w.length > 4) {
            w[4] = w[4].replaceAll("(^|/)\\d+", "$1T");
        }
        return String.join(" ", w);
    }
}
