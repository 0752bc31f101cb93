package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Admin states and weights, as the control side sets them, observed through real requests. */
class ServerStatesTest {
    private final List<TestHttpBackend> backends = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private RunningBalancer lb;

    @BeforeEach
    void start() throws Exception {
        StringBuilder servers = new StringBuilder();
        for (int i = 1; i <= 3; i++) {
            TestHttpBackend b = new TestHttpBackend("s" + i);
            backends.add(b);
            servers.append("    server s").append(i).append(" 127.0.0.1:").append(b.port())
                    .append(" check inter 100\n");
        }
        lb = RunningBalancer.start("""
                defaults
                    mode http
                    timeout connect 1s
                    timeout client 20s
                    timeout server 20s
                    timeout check 2s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                    option httpchk GET /health
                %s""".formatted(servers));
    }

    @AfterEach
    void stop() {
        lb.close();
        backends.forEach(TestHttpBackend::close);
    }

    private List<String> get(int n, String path) throws Exception {
        List<String> answers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri(path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            answers.add(r.body());
        }
        return answers;
    }

    @Test
    void drainFinishesInFlightRequestsButTakesNoNewOnes() throws Exception {
        Server s1 = lb.server("be", "s1");
        backends.get(0).delayMillis(1500);
        // Requests until one is in flight on s1.
        List<CompletableFuture<HttpResponse<String>>> slow = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slow.add(client.sendAsync(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        await().atMost(Duration.ofSeconds(5))
                .until(() -> backends.get(0).inFlight() == 1 && backends.get(0).requests() == 1);

        s1.update(s -> s.withAdmin(AdminState.DRAIN), "test");
        backends.get(0).delayMillis(0);
        int before = backends.get(0).requests();
        assertThat(get(60, "/")).doesNotContain("s1");
        assertThat(backends.get(0).requests()).isEqualTo(before);
        // The request s1 had when it started draining completes normally.
        for (CompletableFuture<HttpResponse<String>> f : slow) {
            assertThat(f.get().statusCode()).isEqualTo(200);
        }
        assertThat(slow.stream().map(f -> f.join().body())).contains("s1");

        s1.update(s -> s.withAdmin(AdminState.READY), "test");
        assertThat(get(30, "/")).contains("s1");
    }

    @Test
    void maintenanceGetsNoTrafficAndNoChecks() throws Exception {
        Server s2 = lb.server("be", "s2");
        TestHttpBackend b2 = backends.get(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> b2.healthChecks() > 0);
        s2.update(s -> s.withAdmin(AdminState.MAINT), "test");
        int checksAtMaint = b2.healthChecks();
        assertThat(get(60, "/")).doesNotContain("s2");
        // s1 and s3 keep being checked while s2 is not.
        int s1Checks = backends.get(0).healthChecks();
        await().atMost(Duration.ofSeconds(5)).until(() -> backends.get(0).healthChecks() >= s1Checks + 3);
        assertThat(b2.healthChecks()).isLessThanOrEqualTo(checksAtMaint + 1); // at most one already under way
        assertThat(b2.requests()).isZero();

        s2.update(s -> s.withAdmin(AdminState.READY), "test");
        assertThat(get(30, "/")).contains("s2");
        await().atMost(Duration.ofSeconds(5)).until(() -> b2.healthChecks() > checksAtMaint + 1);
    }

    @Test
    void weightZeroGetsNoNewRequestsAndAWeightChangeIsSeenByTheNextRequest() throws Exception {
        Server s3 = lb.server("be", "s3");
        s3.update(s -> s.withWeight(0), "test");
        assertThat(get(60, "/")).doesNotContain("s3");
        s3.update(s -> s.withWeight(1), "test");
        lb.server("be", "s1").update(s -> s.withWeight(0), "test");
        lb.server("be", "s2").update(s -> s.withWeight(0), "test");
        assertThat(get(10, "/")).containsOnly("s3");
    }

    @Test
    void everyServerUnusableGivesA503() throws Exception {
        for (String name : List.of("s1", "s2", "s3")) {
            lb.server("be", name).update(s -> s.withAdmin(AdminState.MAINT), "test");
        }
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri("/")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("<html><body><h1>503 Service Unavailable</h1>\n"
                + "No server is available to handle this request.\n</body></html>\n");
        // The refused request does not linger in the backend's session count.
        await().atMost(Duration.ofSeconds(5)).until(() -> lb.backend("be").counters().current() == 0);
        assertThat(lb.backend("be").counters().responses(5)).isEqualTo(1);
    }
}
