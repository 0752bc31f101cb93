package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Active health checks under real traffic: a server killed and restarted mid-load. */
@Tag("serial") // alone after the parallel classes: DOWN and UP within (fall|rise + 1) x inter + 400 ms: measured against the clock
class HealthCheckTest {
    private static final int INTER_MS = 300;
    private static final int FALL = 2;
    private static final int RISE = 2;
    private final List<TestHttpBackend> backends = new ArrayList<>();

    @AfterEach
    void stop() {
        backends.forEach(TestHttpBackend::close);
    }

    private String config(String check) {
        for (int i = 1; i <= 3; i++) {
            backends.add(new TestHttpBackend("s" + i));
        }
        StringBuilder servers = new StringBuilder();
        for (TestHttpBackend b : backends) {
            servers.append("    server ").append(b.name()).append(" 127.0.0.1:").append(b.port())
                    .append(" check inter ").append(INTER_MS).append(" fall ").append(FALL).append(" rise ")
                    .append(RISE).append('\n');
        }
        return """
                defaults
                    mode http
                    retries 3
                    option redispatch
                    timeout connect 1s
                    timeout client 20s
                    timeout server 20s
                    timeout check 1s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                %s
                %s""".formatted(check, servers);
    }

    @Test
    void checkPortChecksThatPortInsteadOfTheTrafficPort() throws Exception {
        TestHttpBackend checked = new TestHttpBackend("checked");
        backends.add(checked);
        int closed = io.ganglion.balancer.testing.Ports.free();
        try (RunningBalancer lb = RunningBalancer.startHttp("    server elsewhere 127.0.0.1:" + closed
                + " check inter 100 port " + checked.port() + "\n    server here 127.0.0.1:" + closed + " check inter 100\n")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> lb.server("be", "elsewhere").lastCheck() != null
                    && lb.server("be", "here").lastCheck() != null);
            assertThat(lb.server("be", "elsewhere").lastCheck().status()).isEqualTo("L4OK");
            assertThat(lb.server("be", "here").lastCheck().status()).isEqualTo("L4CON");
        }
    }

    @Test
    void killedServerGoesDownWithinFallChecksWithoutFailingUnsentRequestsAndComesBackAfterRise() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("    option httpchk GET /health"));
                LoadGenerator load = new LoadGenerator(lb.uri("/"), 4)) {
            Server s2 = lb.server("be", "s2");
            TestHttpBackend victim = backends.get(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> victim.requests() > 50);

            victim.stop();
            long killed = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> s2.settings().health() == OperationalState.DOWN);
            long downAfterMs = (System.nanoTime() - killed) / 1_000_000;
            // fall x inter, plus one interval for the check that was already scheduled, plus scheduling slack.
            assertThat(downAfterMs).isLessThanOrEqualTo((FALL + 1) * INTER_MS + 400L);
            // a check that connected while the server was stopping may end in L7RSP; the next ones are refused
            await().atMost(Duration.ofSeconds(5)).until(() -> s2.lastCheck().status().equals("L4CON"));

            int okAtDown = load.ok();
            await().atMost(Duration.ofSeconds(10)).until(() -> load.ok() > okAtDown + 200);
            // Requests in flight on the server when it died may fail (they had reached it, or sat
            // in its buffers); every request sent after it was dead succeeded, through retries and
            // redispatch, even before the checks marked it DOWN.
            assertThat(load.failuresStartedAfter(killed)).isEmpty();
            assertThat(load.failedIds().size()).isLessThanOrEqualTo(4); // at most one per client thread

            victim.start();
            long restarted = System.nanoTime();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> s2.settings().health() == OperationalState.UP);
            assertThat((System.nanoTime() - restarted) / 1_000_000).isLessThanOrEqualTo((RISE + 1) * INTER_MS + 400L);
            int before = victim.requests();
            await().atMost(Duration.ofSeconds(10)).until(() -> victim.requests() > before + 20);
            load.close();
            assertThat(load.failuresStartedAfter(killed)).isEmpty();
        }
    }

    @Test
    void httpCheckExpectingAStatusTakesDownAServerAnsweringAnother() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("    option httpchk GET /health\n    http-check expect status 200"))) {
            Server s1 = lb.server("be", "s1");
            backends.get(0).healthStatus(503);
            await().atMost(Duration.ofSeconds(10)).until(() -> s1.settings().health() == OperationalState.DOWN);
            assertThat(s1.lastCheck().status()).isEqualTo("L7STS");
            assertThat(s1.lastCheck().code()).isEqualTo(503);
            backends.get(0).healthStatus(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> s1.settings().health() == OperationalState.UP);
            assertThat(s1.lastCheck().status()).isEqualTo("L7OK");
        }
    }

    @Test
    void tcpCheckMarksAClosedPortDown() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config(""))) {
            backends.get(2).stop();
            Server s3 = lb.server("be", "s3");
            await().atMost(Duration.ofSeconds(10)).until(() -> s3.settings().health() == OperationalState.DOWN);
            Server s1 = lb.server("be", "s1");
            await().atMost(Duration.ofSeconds(10)).until(() -> s1.lastCheck() != null);
            assertThat(s1.settings().health()).isEqualTo(OperationalState.UP);
            assertThat(s1.lastCheck().status()).isEqualTo("L4OK");
        }
    }
}
