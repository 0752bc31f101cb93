package io.ganglion.agent.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.agent.Agent;
import io.ganglion.agent.config.ConfigLoader;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 6: {@code /status} tells the truth about each registration. On a fresh ZooKeeper
 * without the chroot node the agent registers (it creates the chroot and the service path); where
 * ZooKeeper refuses the service path, the entry says "retrying" with the error, is not counted as
 * registered, and becomes registered once an operator opens the permission.
 */
class RegistrationStatusTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void statusSaysRegisteredOnlyWhenZooKeeperHasTheNodeAndRetryingWithTheErrorMeanwhile(@TempDir Path dir) throws Exception {
        try (TestingServer zk = new TestingServer(true);
             CuratorFramework admin = CuratorFrameworkFactory.newClient(zk.getConnectString(), new RetryOneTime(100))) {
            admin.start();
            admin.create().withMode(CreateMode.PERSISTENT)
                    .withACL(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.ADMIN, new Id("world", "anyone"))))
                    .forPath("/locked");
            Path config = Files.writeString(dir.resolve("ganglion.yaml"), """
                    balancer: { socket: %s }
                    registries:
                      fresh: { type: zookeeper, connect: "%s", chroot: /smartstack }
                      locked: { type: zookeeper, connect: "%s" }
                    register:
                      - { service: web, registry: fresh, path: /services/web, instance_id: i-web, host: 127.0.0.1, port: 8080 }
                      - { service: api, registry: locked, path: /locked/api, instance_id: i-api, host: 127.0.0.1, port: 8081 }
                    status: 127.0.0.1:0
                    shutdown_grace: 0s
                    """.formatted(dir.resolve("nowhere.sock"), zk.getConnectString(), zk.getConnectString()));
            try (Agent agent = Agent.start(new ConfigLoader().load(config))) {
                URI status = URI.create("http://127.0.0.1:" + agent.statusAddress().getPort() + "/status");

                JsonNode web = await("web registered").atMost(GENEROUS)
                        .until(() -> registration(status, "web"), r -> r.path("registered").asBoolean());
                assertThat(admin.getChildren().forPath("/smartstack/services/web")).singleElement().asString().startsWith("i-web_");
                assertThat(web.path("state").asText()).isEqualTo("registered");
                assertThat(web.path("last_error").isNull()).isTrue();

                JsonNode api = await("api retrying").atMost(GENEROUS)
                        .until(() -> registration(status, "api"), r -> r.path("failed_attempts").asInt() >= 2);
                assertThat(api.path("registered").asBoolean()).isFalse();
                assertThat(api.path("state").asText()).isEqualTo("retrying");
                assertThat(api.path("last_error").asText()).contains("NoAuth").contains("/locked/api");
                assertThat(api.path("next_retry").asText()).isNotBlank();
                assertThat(api.path("last_check").asText()).isEqualTo("no checks configured");

                admin.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath("/locked");
                JsonNode healed = await("api registered").atMost(GENEROUS)
                        .until(() -> registration(status, "api"), r -> r.path("registered").asBoolean());
                assertThat(healed.path("state").asText()).isEqualTo("registered");
                assertThat(admin.getChildren().forPath("/locked/api")).singleElement().asString().startsWith("i-api_");
            }
        }
    }

    private static JsonNode registration(URI status, String service) throws Exception {
        String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(status).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode entry : JSON.readTree(body).path("registrations")) {
            if (entry.path("service").asText().equals(service)) {
                return entry;
            }
        }
        throw new AssertionError("no registration " + service + " in " + body);
    }
}
