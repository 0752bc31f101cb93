package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.HaproxyProcess;
import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Which local answers keep the client connection for its next request, and how they are written:
 * two requests on one connection (the second asks for the close, so the exchange ends), the bytes
 * the client gets equal to HAProxy 2.6's on the same configuration. A 503 (no server reachable, or
 * no backend) and a 504 keep the connection; an HTTP/1.0 client or {@code option httpclose} gets
 * the close; a 400 closes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalAnswerConnectionTest {
    private static final String TWO_SLOW = "GET /slow?ms=1000 HTTP/1.1\r\nHost: t\r\n\r\n"
            + "GET /slow?ms=1000 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";

    /** @param frontend where to send; {@code statuses} the status of each answer the client gets */
    record Case(String name, String frontend, String bytes, List<String> statuses) {
        @Override
        public String toString() {
            return name;
        }
    }

    static List<Case> cases() {
        String two = "GET / HTTP/1.1\r\nHost: t\r\n\r\nGET / HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n";
        return List.of(
                new Case("503, no server reachable", "refused", two, List.of("503", "503")),
                new Case("503, no backend", "nobackend", two, List.of("503", "503")),
                new Case("504, server timeout", "slow", TWO_SLOW, List.of("504", "504")),
                new Case("503 to an HTTP/1.0 client", "refused", "GET / HTTP/1.0\r\n\r\nGET / HTTP/1.0\r\n\r\n", List.of("503")),
                new Case("503 with option httpclose", "closing", two, List.of("503")),
                new Case("400 closes", "refused", "GET / HTTP/1.1\r\nHo st: t\r\n\r\n" + two, List.of("400")));
    }

    private TestHttpBackend app;
    private RunningBalancer ours;
    private HaproxyProcess haproxy;
    private final int[] oursPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};
    private final int[] theirPorts = {Ports.free(), Ports.free(), Ports.free(), Ports.free()};

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        app = new TestHttpBackend("app");
        ours = RunningBalancer.start(config(oursPorts));
        if (HaproxyProcess.isInstalled()) {
            haproxy = HaproxyProcess.start(dir, config(theirPorts));
            await().atMost(Duration.ofSeconds(20)).until(() -> accepts(theirPorts[3]));
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (haproxy != null) {
            haproxy.close();
        }
        if (ours != null) {
            ours.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private String config(int[] ports) {
        return """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 5s
                    timeout server 300ms
                    retries 0
                frontend refused
                    bind 127.0.0.1:%d
                    default_backend b_refused
                frontend nobackend
                    bind 127.0.0.1:%d
                frontend closing
                    bind 127.0.0.1:%d
                    option httpclose
                    default_backend b_refused
                frontend slow
                    bind 127.0.0.1:%d
                    default_backend b_slow
                backend b_refused
                    server s 127.0.0.1:%d
                backend b_slow
                    server s 127.0.0.1:%d
                """.formatted(ports[0], ports[1], ports[2], ports[3], Ports.free(), app.port());
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int port(int[] ports, String frontend) {
        return ports[List.of("refused", "nobackend", "closing", "slow").indexOf(frontend)];
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAndConnectionAsHaproxy(Case c) throws Exception {
        String got = RawHttp.exchange("127.0.0.1", port(oursPorts, c.frontend()), c.bytes());
        assertThat(Pattern.compile("(?m)^HTTP/1\\.1 (\\d{3}) ").matcher(got).results().map(m -> m.group(1)).toList())
                .as(got).isEqualTo(c.statuses());
        HaproxyProcess.requireInstalled();
        assertThat(got).isEqualTo(RawHttp.exchange("127.0.0.1", port(theirPorts, c.frontend()), c.bytes()));
    }
}
