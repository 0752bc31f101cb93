package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RecordingHttpServer;
import io.ganglion.balancer.testing.StatsSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The captures' map scenario (259-282) in traffic: {@code set map}, {@code clear map} and
 * {@code add map} on the map {@code log-format} reads change the country the next request's log
 * line shows, in the balancer as in HAProxy 2.6 on the same configuration and commands.
 */
class SetMapLogTest {
    private static final String CONFIG = """
            global
                log stdout format raw local0
                stats socket DIR/SOCKET level admin
            defaults
                mode http
                log global
                timeout connect 1s
                timeout client 5s
                timeout server 5s
            frontend fe_main
                bind 127.0.0.1:PORT_fe_main
                log-format "M %ST country=%[src,map_ip(DIR/ip-country.lst,UNKNOWN)] %{+Q}r"
                default_backend be_http
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_main");
    /** Each step's command on the map, then one request from 127.0.0.1. */
    private static final List<String> STEPS = List.of(
            "",
            "set map DIR/ip-country.lst 127.0.0.0/8 LOCAL-UPDATED",
            "clear map DIR/ip-country.lst",
            "add map DIR/ip-country.lst 127.0.0.0/8 LOOPBACK");
    /** As the captures' log lines show (260, 280, 282) and HAProxy 2.6.12 logs this configuration. */
    private static final List<String> EXPECTED = List.of(
            "M 200 country=LOOPBACK \"GET /step-0 HTTP/1.1\"",
            "M 200 country=LOCAL-UPDATED \"GET /step-1 HTTP/1.1\"",
            "M 200 country=UNKNOWN \"GET /step-2 HTTP/1.1\"",
            "M 200 country=LOOPBACK \"GET /step-3 HTTP/1.1\"");

    @TempDir
    Path dir;

    @Test
    void theMapCommandsChangeTheCountryOfTheNextLogLineAsInHaproxy26() throws Exception {
        Files.writeString(dir.resolve("ip-country.lst"), "127.0.0.0/8 LOOPBACK\n192.0.2.0/24 XA\n");
        List<String> mine;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, config(ports, server.port(), "ganglion.sock"));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, dir.resolve("ganglion.sock"), p::stdout);
            }
        }
        assertThat(mine).isEqualTo(EXPECTED);
        HaproxyProcess.requireInstalled();
        Files.writeString(dir.resolve("ip-country.lst"), "127.0.0.0/8 LOOPBACK\n192.0.2.0/24 XA\n");
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        List<String> theirs;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, config(ports, server.port(), "haproxy.sock"))) {
                theirs = logged(ports, dir.resolve("haproxy.sock"),
                        () -> Files.readString(haproxyDir.resolve("haproxy.log")));
            }
        }
        assertThat(mine).isEqualTo(theirs);
    }

    private String config(Map<String, Integer> ports, int serverPort, String socket) {
        return LogComparison.config(CONFIG, ports, serverPort).replace("DIR/", dir + "/").replace("SOCKET", socket);
    }

    /** Each step's command, then a request and its log line, in order. */
    private List<String> logged(Map<String, Integer> ports, Path socket, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            for (int i = 0; i < STEPS.size(); i++) {
                if (!STEPS.get(i).isEmpty()) {
                    assertThat(StatsSocket.send(socket, STEPS.get(i).replace("DIR/", dir + "/"))).isEqualTo("\n");
                }
                int step = i;
                RawHttp.exchange("127.0.0.1", port, "GET /step-" + i + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
                // the next command only once this request is logged, so each line shows the map of its step
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> output.read().contains("/step-" + step + " "));
            }
            return STEPS.size();
        }, output, Pattern.compile("^M .*"));
    }
}
