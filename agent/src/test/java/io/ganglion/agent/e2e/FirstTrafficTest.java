package io.ganglion.agent.e2e;

import io.ganglion.balancer.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import io.ganglion.agent.Agent;
import io.ganglion.agent.Shutdown;
import io.ganglion.agent.config.ConfigLoader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: three instances registered at once into the empty backend of a bundled balancer the
 * agent has just started (the ZooKeeper example's set-up: {@code check inter 2s}, {@code option
 * httpchk}, a 5 s resync) took traffic 1.8 s after the agent's {@code add server}, a fourth one
 * later 136 ms. The agent spent no more than for the fourth; the first requests a just-started
 * balancer proxies paid its class loading (the first request it ever answered took 0.9 s, the first
 * to a server 0.25 s). The agent now starts it rehearsed.
 */
@Tag("serial") // alone after the parallel classes: registry write to traffic within 1 s, measured against the clock
class FirstTrafficTest {

    /**
     * From the registry write to an answer from each of the three, on a shared 2-core machine
     * (2026-12-03, load 6–8): started cold, the bundled balancer took 0.72–0.97 s here and 1.8 s on a
     * saturated machine; rehearsed, 0.19–0.21 s. A bound that holds on a loaded machine, not the
     * goal (HAProxy 2.6: 31–42 ms); the log assertion below states the cause.
     */
    private static final Duration BOUND = Duration.ofSeconds(1);

    @Test
    void threeInstancesRegisteredAtOnceIntoAJustStartedBalancerTakeTrafficPromptly(@TempDir Path dir) throws Exception {
        try (Shutdown toClose = new Shutdown()) {
            NamedBackend[] instances = {toClose.add(new NamedBackend("b1")), toClose.add(new NamedBackend("b2")),
                    toClose.add(new NamedBackend("b3"))};
            TestingServer zooKeeper = toClose.add(new TestingServer(true));
            CuratorFramework curator = toClose.add(CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                    new RetryOneTime(100)));
            curator.start();
            NerveRegistry registry = new NerveRegistry(curator, World.SERVICE_PATH);
            int frontendPort = Ports.free();
            Path socket = dir.resolve("admin.sock");
            Files.writeString(dir.resolve("balancer.cfg"), """
                    global
                        stats socket %s mode 600 level admin
                    defaults
                        mode http
                        timeout connect 2s
                        timeout client 30s
                        timeout server 30s
                        timeout check 1s
                    frontend fe_api
                        bind 127.0.0.1:%d
                        default_backend be_api
                    backend be_api
                        balance roundrobin
                        option httpchk GET /health
                    """.formatted(socket, frontendPort));
            Path yaml = Files.writeString(dir.resolve("ganglion.yaml"), """
                    balancer: { socket: %s, bundled: %s, standby: false }
                    registries: { zk: { type: zookeeper, connect: "%s" } }
                    watch: [ { service: api, registry: zk, path: %s, backend: be_api, server_options: "check inter 2s" } ]
                    status: 127.0.0.1:0
                    resync: 5s
                    """.formatted(socket, dir.resolve("balancer.cfg"), zooKeeper.getConnectString(), World.SERVICE_PATH));
            Agent agent = toClose.add(Agent.start(new ConfigLoader().load(yaml)));
            await("the agent in control").atMost(E2e.GENEROUS).until(() -> agent.loop().inControl().isDone());

            Map<String, Long> firstAnswer = new ConcurrentHashMap<>();
            AtomicBoolean stop = new AtomicBoolean();
            Thread traffic = new Thread(() -> {
                HttpClient client = HttpClient.newHttpClient();
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + frontendPort + "/"))
                        .timeout(Duration.ofSeconds(10)).build();
                while (!stop.get()) {
                    try {
                        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                        if (response.statusCode() == 200) {
                            firstAnswer.putIfAbsent(response.body(), System.nanoTime());
                        }
                    } catch (Exception e) {
                        // counted by what never answers
                    }
                }
            }, "first-traffic");
            toClose.add(() -> {
                stop.set(true);
                traffic.join();
            });
            traffic.start();
            long written = System.nanoTime();
            for (NamedBackend instance : instances) {
                registry.register(instance.name(), instance.port(), 1);
            }
            await("an answer from each instance").atMost(E2e.GENEROUS).until(() -> firstAnswer.size() == 3);
            long slowest = firstAnswer.values().stream().mapToLong(t -> (t - written) / 1_000_000).max().orElseThrow();
            System.out.printf("[bundled] three registered at once into a just-started balancer: each answered within %d ms%n",
                    slowest);
            assertThat(Duration.ofMillis(slowest)).as("registry write to traffic on all three").isLessThan(BOUND);
            long pid = Long.parseLong(Files.readString(dir.resolve("balancer.cfg.log.pid")).strip());
            assertThat(Files.readString(dir.resolve("balancer.cfg.log")))
                    .as("the balancer the agent started rehearsed its data path before it served")
                    .contains("(" + pid + ") : rehearsed; starting with").doesNotContain("rehearsal failed");
        }
    }
}
