package io.ganglion.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ganglion.balancer.testing.RawHttp;
import io.ganglion.balancer.testing.RunningBalancer;
import io.ganglion.balancer.testing.TestHttpBackend;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real HTTP traffic through the balancer, counted on real backends, for each algorithm. */
class LoadBalancingTest {
    private final List<TestHttpBackend> backends = new ArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void startBackends() {
        for (int i = 1; i <= 3; i++) {
            backends.add(new TestHttpBackend("s" + i));
        }
    }

    @AfterEach
    void stopBackends() {
        backends.forEach(TestHttpBackend::close);
    }

    private String config(String balance, String weights) {
        String[] w = weights.split(",");
        StringBuilder servers = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            servers.append("    server s").append(i + 1).append(" 127.0.0.1:").append(backends.get(i).port())
                    .append(" weight ").append(w[i]).append('\n');
        }
        return """
                global
                    maxconn 1000
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 20s
                    timeout server 20s
                frontend fe
                    bind 127.0.0.1:${PORT}
                    default_backend be
                backend be
                    balance %s
                %s""".formatted(balance, servers);
    }

    /** Sends {@code total} GETs from {@code parallel} threads; returns the count per answering server. */
    private Map<String, Integer> send(RunningBalancer lb, int total, int parallel) throws Exception {
        Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicInteger left = new AtomicInteger(total);
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int t = 0; t < parallel; t++) {
                jobs.add(pool.submit(() -> {
                    while (left.getAndDecrement() > 0) {
                        HttpResponse<String> r = client.send(HttpRequest.newBuilder(lb.uri("/")).build(),
                                HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).isEqualTo(200);
                        counts.computeIfAbsent(r.body(), k -> new AtomicInteger()).incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : jobs) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, Integer> result = new HashMap<>();
        counts.forEach((k, v) -> result.put(k, v.get()));
        return result;
    }

    @Test
    void roundRobinSharesFollowWeightsOneTwoThree() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("roundrobin", "1,2,3"))) {
            Map<String, Integer> counts = send(lb, 6000, 8);
            assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(6000);
            assertThat(counts.get("s1")).isBetween(970, 1030);
            assertThat(counts.get("s2")).isBetween(1940, 2060);
            assertThat(counts.get("s3")).isBetween(2910, 3090);
            // The backends saw exactly what the clients counted.
            assertThat(backends.get(0).requests()).isEqualTo(counts.get("s1"));
        }
    }

    @Test
    void staticRoundRobinAndRandomAlsoFollowWeights() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("static-rr", "1,1,2"))) {
            Map<String, Integer> counts = send(lb, 2000, 4);
            assertThat(counts.get("s3")).isBetween(970, 1030);
        }
        backends.forEach(TestHttpBackend::resetCounts);
        try (RunningBalancer lb = RunningBalancer.start(config("random", "1,1,0"))) {
            Map<String, Integer> counts = send(lb, 1000, 4);
            assertThat(counts).doesNotContainKey("s3");
            assertThat(counts.get("s1")).isBetween(350, 650);
        }
    }

    @Test
    void leastConnSendsFewestNewRequestsToTheBusiestServer() throws Exception {
        backends.get(0).delayMillis(300); // s1 is slow: its connections pile up
        try (RunningBalancer lb = RunningBalancer.start(config("leastconn", "1,1,1"))) {
            Map<String, Integer> counts = send(lb, 600, 24);
            int slow = counts.getOrDefault("s1", 0);
            assertThat(slow).isLessThan(counts.get("s2")).isLessThan(counts.get("s3"));
            assertThat(slow).isLessThan(600 / 6); // far below an even third
        }
    }

    @Test
    void firstFillsTheFirstServerOnly() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("first", "1,1,1"))) {
            Map<String, Integer> counts = send(lb, 200, 1);
            assertThat(counts).containsOnlyKeys("s1");
        }
    }

    @Test
    void sourceKeepsEachClientAddressOnOneServer() throws Exception {
        try (RunningBalancer lb = RunningBalancer.start(config("source", "1,1,1"))) {
            Set<String> serversUsed = new HashSet<>();
            for (int ip = 2; ip <= 21; ip++) {
                String client = "127.0.0." + ip;
                Set<String> seen = new HashSet<>();
                for (int i = 0; i < 10; i++) {
                    seen.add(RawHttp.get(client, lb.port(), "/"));
                }
                assertThat(seen).as("servers seen by %s", client).hasSize(1);
                serversUsed.addAll(seen);
            }
            assertThat(serversUsed).as("20 clients spread over the servers").hasSizeGreaterThan(1);
        }
    }
}
