package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timers of a log line split a request's life as HAProxy 2.6 splits it: {@code %Tw} in the
 * queue, {@code %Tc} connecting, {@code %Tr} from the connection to the response head,
 * {@code %Td} transferring the response, {@code %Ta} in all. Two requests at once to a server
 * that takes one at a time and answers in a second: the second request waits a second in the queue,
 * then is answered in a second. Timers compared in seconds, with HAProxy's on the same traffic.
 */
class LogTimersTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_queue
                bind 127.0.0.1:PORT_fe_queue
                log-format "Q %s %ST Tw=%Tw Tc=%Tc Tr=%Tr Td=%Td Ta=%Ta Tt=%Tt"
                default_backend be_one
            backend be_one
                timeout queue 5s
                server s1 127.0.0.1:SERVER_PORT maxconn 1
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_queue");
    private static final Pattern LOG_LINE = Pattern.compile("^Q .*");
    /** The first request, answered at once; the second, queued behind it. */
    private static final List<String> EXPECTED = List.of(
            "Q s1 200 Tw=0 Tc=0 Tr=1 Td=0 Ta=1 Tt=1",
            "Q s1 200 Tw=1 Tc=0 Tr=1 Td=0 Ta=2 Tt=2");

    @TempDir
    Path dir;

    @Test
    void timersAsHaproxy26SplitsThem() throws Exception {
        List<String> mine;
        try (TestHttpBackend server = new TestHttpBackend("slow")) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            Path cfg = dir.resolve("balancer.cfg");
            Files.writeString(cfg, LogComparison.config(CONFIG, ports, server.port()));
            try (BalancerProcess p = BalancerProcess.start(dir, "-f", cfg.toString())) {
                mine = logged(ports, p::stdout);
            }
        }
        assertThat(mine).isEqualTo(EXPECTED);
        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        try (TestHttpBackend server = new TestHttpBackend("slow")) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG, ports, server.port()))) {
                assertThat(logged(ports, () -> Files.readString(haproxyDir.resolve("haproxy.log")))).isEqualTo(EXPECTED);
            }
        }
    }

    /** Two requests at once; the lines with each timer in seconds, in the order logged. */
    private static List<String> logged(Map<String, Integer> ports, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            CompletableFuture<?> first = CompletableFuture.runAsync(() -> slowRequest(port));
            CompletableFuture<?> second = CompletableFuture.runAsync(() -> slowRequest(port));
            CompletableFuture.allOf(first, second).join();
            return 2;
        }, output, LOG_LINE).stream().map(LogTimersTest::seconds).toList();
    }

    private static void slowRequest(int port) {
        try {
            RawHttp.exchange("127.0.0.1", port, "GET /slow?ms=1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(String line) {
        return Pattern.compile("=(\\d+)").matcher(line).replaceAll(m -> "=" + Math.round(Long.parseLong(m.group(1)) / 1000.0));
    }
}
