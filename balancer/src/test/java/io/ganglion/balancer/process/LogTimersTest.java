package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.LogConfigs;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timers of a log line split a request's life as HAProxy 2.6 splits it: {@code %Tw} in the
 * queue, {@code %Tc} connecting, {@code %Tr} from the connection to the response head,
 * {@code %Td} transferring the response, {@code %Ta} in all. Two requests at once to a server
 * that takes one at a time and answers in a second: the second request waits a second in the queue,
 * then is answered in a second. Timers compared in seconds, with HAProxy's on the same traffic.
 * And the timers before a request ({@code %Ti} idle, {@code %TR} reading the head, {@code %Tq})
 * with those derived from them ({@code %Ta}, {@code %Tt}, {@code %Tu}), for a client that pauses
 * before its request, within its head and before its next request on the same connection.
 */
@Tag("serial") // alone after the parallel classes: timers compared in whole seconds and half-second pauses: a stall near a boundary shifts one
class LogTimersTest {
    private static final String CONFIG = LogConfigs.LOGGING_HTTP_DEFAULTS + """
            frontend fe_queue
                bind 127.0.0.1:PORT_fe_queue
                log-format "Q %s %ST Tw=%Tw Tc=%Tc Tr=%Tr Td=%Td Ta=%Ta Tt=%Tt %sq/%bq"
                default_backend be_one
            frontend fe_idle
                bind 127.0.0.1:PORT_fe_idle
                log-format "I %HP Th=%Th Ti=%Ti TR=%TR Tq=%Tq Tw=%Tw Tc=%Tc Tr=%Tr Ta=%Ta Tt=%Tt Td=%Td Tu=%Tu"
                default_backend be_http
            backend be_one
                timeout queue 5s
                server s1 127.0.0.1:SERVER_PORT maxconn 1
            """ + LogComparison.BACKENDS_AND_READY;
    private static final List<String> FRONTENDS = List.of("fe_queue", "fe_idle");
    private static final Pattern LOG_LINE = Pattern.compile("^[QI] .*");
    /** The pauses of the client on {@code fe_idle}; its timers are compared in these units. */
    private static final int PAUSE_MS = 500;
    /** The first request, answered at once; the second, queued behind it. */
    private static final List<String> EXPECTED = List.of(
            "Q s1 200 Tw=0 Tc=0 Tr=1 Td=0 Ta=1 Tt=1 0/0",
            // first in the backend's queue (%bq); servers have no queue of their own here (%sq)
            "Q s1 200 Tw=1 Tc=0 Tr=1 Td=0 Ta=2 Tt=2 0/1",
            // A pause before the first byte (Ti), one within the head (TR), on a connection kept alive:
            "I /one Th=0 Ti=1 TR=1 Tq=2 Tw=0 Tc=0 Tr=0 Ta=1 Tt=2 Td=0 Tu=1",
            // then a pause before the next request: HAProxy's idle time, counted from the previous response's end.
            "I /two Th=0 Ti=1 TR=0 Tq=1 Tw=0 Tc=0 Tr=0 Ta=0 Tt=1 Td=0 Tu=0");

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
                mine = logged(ports, server, p::stdout);
            }
        }
        assertThat(mine).isEqualTo(EXPECTED);
        HaproxyProcess.requireInstalled();
        Path haproxyDir = Files.createDirectories(dir.resolve("haproxy"));
        try (TestHttpBackend server = new TestHttpBackend("slow")) {
            Map<String, Integer> ports = LogComparison.freePorts(FRONTENDS);
            try (HaproxyProcess haproxy = HaproxyProcess.start(haproxyDir, LogComparison.config(CONFIG, ports, server.port()))) {
                assertThat(logged(ports, server, () -> Files.readString(haproxyDir.resolve("haproxy.log")))).isEqualTo(EXPECTED);
            }
        }
    }

    /** Two overlapping requests; the lines with each timer in seconds, in the order logged. */
    private static List<String> logged(Map<String, Integer> ports, TestHttpBackend server, LogComparison.Output output) throws IOException {
        return LogComparison.logged(ports, FRONTENDS, (frontend, port) -> {
            if (frontend.equals("fe_idle")) {
                pausingClient(port);
                return 2;
            }
            // A first request (answered 503, logged nowhere) warms the proxy's request path up: a
            // cold JVM would otherwise read the two requests late, which its timers would show.
            RawHttp.exchange("127.0.0.1", ports.get(LogComparison.READY), "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            // The second is sent once the first holds s1's only slot. Sent at the same instant,
            // HAProxy's two threads may both pick s1 and the loser waits in the server's queue
            // (1/0) instead of the backend's (0/1): a race in HAProxy, not a rule to compare.
            CompletableFuture<?> first = CompletableFuture.runAsync(() -> slowRequest(port));
            await().atMost(Duration.ofSeconds(10)).until(() -> server.inFlight() == 1);
            CompletableFuture<?> second = CompletableFuture.runAsync(() -> slowRequest(port));
            CompletableFuture.allOf(first, second).join();
            return 2;
        }, output, LOG_LINE).stream().map(l -> l.startsWith("I ") ? units(l, PAUSE_MS) : units(l, 1000)).toList();
    }

    /**
     * One connection: a pause, a request head in two parts with a pause between them, its response;
     * a pause, a second request. The pauses shape the traffic (they are what the timers measure).
     */
    private static void pausingClient(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            pause();
            out.write(bytes("GET /one HTTP/1.1\r\nHo"));
            out.flush();
            pause();
            out.write(bytes("st: x\r\n\r\n"));
            out.flush();
            RawHttp.readResponse(s.getInputStream());
            pause();
            out.write(bytes("GET /two HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
            out.flush();
            RawHttp.readResponse(s.getInputStream());
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void slowRequest(int port) {
        try {
            RawHttp.exchange("127.0.0.1", port, "GET /slow?ms=1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line with each timer in {@code unitMs} (rounded). */
    private static String units(String line, int unitMs) {
        return Pattern.compile("=(\\d+)").matcher(line).replaceAll(m -> "=" + Math.round(Long.parseLong(m.group(1)) / (double) unitMs));
    }
}
