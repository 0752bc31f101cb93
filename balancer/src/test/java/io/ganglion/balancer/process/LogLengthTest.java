package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.RawHttp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log TARGET len N}: each target cuts its line, header included, at {@code N - 1}
 * characters, as HAProxy 2.6.12 does; the line itself is made as long as the longest target takes.
 * A request line longer than both, compared with HAProxy's lines on the same traffic (the
 * {@code local} header's date and process id masked).
 */
class LogLengthTest {
    private static final String CONFIG = """
            global
                log stdout len 100 format raw local0
                log stdout len 150 local0
            defaults
                mode http
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend fe_len
                bind 127.0.0.1:PORT_fe_len
                log-format "L %{+Q}r"
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_len");
    private static final String URI = "/" + "x".repeat(300);
    private static final Pattern LOG_LINE = Pattern.compile("^(L |<134>).*");

    @TempDir
    Path dir;

    @Test
    void eachTargetCutsItsLinesAtItsLength() throws Exception {
        List<String> mine;
        Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
        Path cfg = dir.resolve("balancer.cfg");
        Files.writeString(cfg, LogComparison.config(CONFIG, ports, 1));
        try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
            mine = logged(ports, p::stdout);
        }
        assertThat(masked(mine)).containsExactly("<134> 149 L", ("L \"GET " + URI).substring(0, 99));
        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        Map<String, Integer> theirPorts = LogComparison.freePorts(FRONTENDS);
        try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG, theirPorts, 1))) {
            List<String> theirs = logged(theirPorts, () -> Files.readString(haproxyDir.resolve("haproxy.log")));
            assertThat(masked(mine)).isEqualTo(masked(theirs));
        }
    }

    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            RawHttp.exchange("127.0.0.1", port, "GET " + URI + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return 2; // one line per target
        }, output, LOG_LINE).stream().sorted().toList();
    }

    /**
     * The {@code local} header's date and process id vary (and with the id, the room left for the
     * message): such a line is masked to its length, and whether its message is this request's.
     */
    private static List<String> masked(List<String> lines) {
        return lines.stream().map(l -> l.startsWith("<134>")
                ? "<134> " + l.length() + (l.contains("]: L \"GET /xx") ? " L" : " ?") : l).toList();
    }
}
