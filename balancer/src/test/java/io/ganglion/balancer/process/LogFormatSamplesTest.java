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
 * A log format's {@code %[...]} through the rule engine: fetches with arguments, converters, and the
 * capture configuration's {@code country=%[src,map_ip(FILE,UNKNOWN)]}, logged as HAProxy 2.6 logs
 * them on the same configuration and traffic. The map names no network for 127.0.0.1 in one
 * frontend ({@code UNKNOWN}) and one in the other. (A fetch of the request's headers, path or URL
 * is refused in a log format, as HAProxy refuses it: {@code LogFormatConfigTest}.)
 */
class LogFormatSamplesTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_country
                bind 127.0.0.1:PORT_fe_country
                log-format "S %ft %ST country=%[src,map_ip(DIR/ip-country.lst,UNKNOWN)] %{+Q}r"
                default_backend be_http
            frontend fe_loopback
                bind 127.0.0.1:PORT_fe_loopback
                log-format "S %ft country=%[src,map_ip(DIR/loopback.lst,UNKNOWN)] %[src,ipmask(8)] %[method,lower] %{+Q}[fe_name,upper] %[status] %[be_name,length] %[srv_name]"
                default_backend be_http
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_country", "fe_loopback");
    private static final String REQUEST = "GET /A/Bc?x=1&y=2 HTTP/1.1\r\nHost: example.org\r\nConnection: close\r\n\r\n";

    /** Measured on HAProxy 2.6.12 with this configuration and traffic. */
    private static final List<String> EXPECTED = List.of(
            "S fe_country 200 country=UNKNOWN \"GET /A/Bc?x=1&y=2 HTTP/1.1\"",
            "S fe_loopback country=LOOPBACK 127.0.0.0 get \"FE_LOOPBACK\" 200 7 s1");

    @TempDir
    Path dir;

    @Test
    void samplesAndMapsAsHaproxy26LogsThem() throws Exception {
        Files.writeString(dir.resolve("ip-country.lst"), "192.0.2.0/24 XA\n198.51.100.0/24 XB\n");
        Files.writeString(dir.resolve("loopback.lst"), "127.0.0.0/8 LOOPBACK\n192.0.2.0/24 XA\n");
        List<String> mine;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, config(ports, server.port()));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, p::stdout);
            }
        }
        assertThat(mine).isEqualTo(EXPECTED);
        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        List<String> theirs;
        try (RecordingHttpServer server = new RecordingHttpServer()) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, config(ports, server.port()))) {
                theirs = logged(ports, () -> Files.readString(haproxyDir.resolve("haproxy.log")));
            }
        }
        assertThat(mine).isEqualTo(theirs);
    }

    private String config(Map<String, Integer> ports, int serverPort) {
        return LogComparison.config(CONFIG, ports, serverPort).replace("DIR/", dir + "/");
    }

    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            RawHttp.exchange("127.0.0.1", port, REQUEST);
            return 1;
        }, output, Pattern.compile("^S .*"));
    }
}
