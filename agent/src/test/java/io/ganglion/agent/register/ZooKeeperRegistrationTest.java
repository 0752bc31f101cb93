package io.ganglion.agent.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import io.ganglion.agent.Agent;
import io.ganglion.agent.config.ConfigLoader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6 for ZooKeeper: a local HTTP service whose check fails leaves the registry after
 * {@code fall} checks and returns after {@code rise}; a session expiry re-registers it; a graceful
 * shutdown deregisters before the agent exits. The balancer socket points nowhere: registration
 * does not depend on it, and the agent keeps running without it.
 */
class ZooKeeperRegistrationTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void registeredWhileHealthyReRegisteredAfterExpiryDeregisteredOnShutdown(@TempDir Path dir) throws Exception {
        AtomicInteger healthStatus = new AtomicInteger(200);
        HttpServer service = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
        service.createContext("/health", exchange -> {
            byte[] body = "health\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(healthStatus.get(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        service.start();
        int port = service.getAddress().getPort();
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework reader = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            reader.start();
            Path config = Files.writeString(dir.resolve("ganglion.yaml"), """
                    balancer: { socket: %s }
                    registries: { zk: { type: zookeeper, connect: "%s" } }
                    register:
                      - service: web
                        registry: zk
                        path: /services/web
                        instance_id: i-test
                        host: 127.0.0.1
                        port: %d
                        weight: 3
                        checks: [ { type: http, uri: /health, interval: 100ms, timeout: 2s, rise: 2, fall: 2 } ]
                    status: 127.0.0.1:0
                    shutdown_grace: 3s
                    """.formatted(dir.resolve("nowhere.sock"), zk.getConnectString(), port));
            Agent agent = Agent.start(new ConfigLoader().load(config));
            try {
                await("registered").atMost(GENEROUS).until(() -> children(reader).size() == 1);
                String node = "/services/web/" + children(reader).get(0);
                assertThat(node).startsWith("/services/web/i-test_");
                assertThat(new String(reader.getData().forPath(node), StandardCharsets.UTF_8))
                        .isEqualTo("{\"host\":\"127.0.0.1\",\"port\":" + port + ",\"name\":\"i-test\",\"weight\":3}");

                healthStatus.set(500);
                await("gone after fall").atMost(GENEROUS).until(() -> children(reader).isEmpty());
                // the audit entry follows the registry write it reports: wait for it, too
                await("audited").atMost(GENEROUS).untilAsserted(() -> assertThat(agent.audit().entries()).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("deregister");
                    assertThat(e.cause()).isEqualTo("check: http 500");
                }));
                healthStatus.set(200);
                await("back after rise").atMost(GENEROUS).until(() -> children(reader).size() == 1);

                CuratorFramework agentsClient = agent.zooKeeper("zk").orElseThrow();
                long oldSession = agentsClient.getZookeeperClient().getZooKeeper().getSessionId();
                agentsClient.getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
                await("re-registered in the new session").atMost(GENEROUS).until(() -> {
                    List<String> now = children(reader);
                    if (now.size() != 1) {
                        return false;
                    }
                    Stat stat = reader.checkExists().forPath("/services/web/" + now.get(0));
                    long session = agentsClient.getZookeeperClient().getZooKeeper().getSessionId();
                    return stat != null && session != oldSession && stat.getEphemeralOwner() == session;
                });
            } finally {
                Thread stopping = new Thread(agent::close, "stop-agent");
                stopping.start();
                await("deregistered while the agent is still stopping").atMost(GENEROUS)
                        .until(() -> children(reader).isEmpty());
                assertThat(stopping.isAlive()).as("still in its shutdown grace").isTrue();
                stopping.join(Duration.ofSeconds(60).toMillis());
                service.stop(0);
            }
        }
    }

    private static List<String> children(CuratorFramework client) throws Exception {
        return client.checkExists().forPath("/services/web") == null ? List.of()
                : client.getChildren().forPath("/services/web");
    }
}
