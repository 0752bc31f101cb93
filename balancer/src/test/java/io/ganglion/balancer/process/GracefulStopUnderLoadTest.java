package io.ganglion.balancer.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.testing.Ports;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM under a keep-alive load, as operators stop the balancer: every request that reached it
 * gets an answer, the last one of each connection with {@code Connection: close}.
 */
@Tag("serial") // alone after the parallel classes: a load of its own, with no request allowed to fail
class GracefulStopUnderLoadTest {
    private static final int STOPS = 10;
    private static final int CLIENTS = 8;

    @TempDir
    Path dir;

    private BalancerProcess start(List<BalancerProcess> started, int port, int serverPort) throws Exception {
        BalancerProcess p = BalancerProcess.startHttp(dir, port, serverPort, "", "--grace", "20");
        started.add(p);
        return p;
    }

    @Test
    void everyRequestUnderAKeepAliveLoadIsAnsweredOverTenStops() throws Exception {
        List<String> unanswered = new ArrayList<>();
        int answered = 0;
        int closeAnnounced = 0;
        int closedBetweenRequests = 0;
        List<BalancerProcess> started = new ArrayList<>();
        try (TestHttpBackend app = new TestHttpBackend("app")) {
            int port = Ports.free();
            BalancerProcess next = start(started, port, app.port());
            for (int stop = 1; stop <= STOPS; stop++) {
                try (BalancerProcess p = next) {
                    int current = port;
                    int n = stop;
                    await("balancer " + stop + " listening").atMost(Duration.ofSeconds(60)).until(() -> BalancerProcess.accepts(current));
                    try (KeepAliveLoad load = KeepAliveLoad.start(current, CLIENTS)) {
                        await("load established").atMost(Duration.ofSeconds(30)).until(() -> load.answered() >= 300);
                        p.process().destroy(); // SIGTERM
                        // The next balancer warms up while this one drains; each stop is its own port.
                        if (stop < STOPS) {
                            port = Ports.free();
                            next = start(started, port, app.port());
                        }
                        await("every client refused").atMost(Duration.ofSeconds(30)).until(load::ended);
                        assertThat(p.waitFor(30)).as("exit code of stop " + stop).isZero();
                        load.unanswered().forEach(u -> unanswered.add("stop " + n + ": " + u));
                        answered += load.answered();
                        closeAnnounced += load.closeAnnounced();
                        closedBetweenRequests += load.closedBeforeWrite();
                    }
                }
            }
        } finally {
            started.forEach(BalancerProcess::close); // one started ahead is left if a stop fails
        }
        System.out.printf("graceful stops: %d, answered %d, last with Connection: close %d, closed between requests %d,"
                + " unanswered %d%n", STOPS, answered, closeAnnounced, closedBetweenRequests, unanswered.size());
        unanswered.forEach(System.out::println);
        assertThat(unanswered).isEmpty();
    }
}
