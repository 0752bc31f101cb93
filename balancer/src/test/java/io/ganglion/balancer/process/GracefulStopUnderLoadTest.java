package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under a keep-alive load, as operators stop the balancer: every request that reached it
 * gets an answer, the last one of each connection with {@code Connection: close}.
 */
class GracefulStopUnderLoadTest {
    private static final int STOPS = 10;
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    private Path config(int port, int serverPort) throws Exception {
        Path cfg = dir.resolve("balancer-" + port + ".cfg");
        Files.writeString(cfg, """
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 30s
                    timeout server 30s
                frontend fe
                    bind 127.0.0.1:%d
                    default_backend be
                backend be
                    server app 127.0.0.1:%d
                """.formatted(port, serverPort));
        return cfg;
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void everyRequestUnderAKeepAliveLoadIsAnsweredOverTenStops() throws Exception {
        List<String> unanswered = new ArrayList<>();
        int answered = 0;
        int closeAnnounced = 0;
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            int port = Ports.free();
            BalancerProcess next = BalancerProcess.start(dir, "--grace", "20", "-f", config(port, app.port()).toString());
            for (int stop = 1; stop <= STOPS; stop++) {
                try (BalancerProcess p = next) {
                    int current = port;
                    int n = stop;
                    await("balancer " + stop + " listening").atMost(Duration.ofSeconds(60)).until(() -> accepts(current));
                    try (KeepAliveLoad load = KeepAliveLoad.start(current, CLIENTS)) {
                        await("load established").atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 300);
                        p.process().destroy(); // SIGTERM
                        // The next balancer warms up while this one drains; each stop is its own port.
                        if (stop < STOPS) {
                            port = Ports.free();
                            next = BalancerProcess.start(dir, "--grace", "20", "-f", config(port, app.port()).toString());
                        }
                        await("every client refused").atMost(Duration.ofSeconds(30)).until(load::ended);
                        assertThat(p.waitFor(30)).as("exit code of stop " + stop).isZero();
                        load.unanswered().forEach(u -> unanswered.add("stop " + n + ": " + u));
                        answered += load.answered();
                        closeAnnounced += load.closeAnnounced();
                    }
                }
            }
        }
        System.out.printf("graceful stops: %d, answered %d, last-with-close %d, unanswered %d%n", STOPS, answered,
                closeAnnounced, unanswered.size());
        unanswered.forEach(System.out::println);
        assertThat(unanswered).isEmpty();
    }
}
