package io.ganglion.registry.zookeeper;

import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.startedClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.RegistrarStatus;
import io.ganglion.registry.RegistrarStatus.State;
import io.ganglion.registry.SnapshotRecorder;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.junit.jupiter.api.Test;

/**
 * Registration against a ZooKeeper that is not ready for it: a fresh ensemble without the chroot
 * node, and a tree whose permissions refuse the service path until an operator opens them. Nerve's
 * ZooKeeper client creates the chroot (the zk gem's default) and its reporter creates the service path
 * ({@code mkdir_p}), and every failure is retried.
 */
class ZooKeeperRegistrarRecoveryTest extends ZooKeeperTestBase {

    @Test
    void onAFreshEnsembleWithoutTheChrootNodeTheChrootAndServicePathAreCreated() throws Exception {
        String chroot = "/smartstack-fresh";
        assertThat(nerve.checkExists().forPath(chroot)).isNull();
        ZooKeeperSettings settings = ZooKeeperSettings.of(server.getConnectString() + chroot)
                .withTimeouts(ZooKeeperTestSupport.SESSION, ZooKeeperTestSupport.CONNECTION);
        try (CuratorFramework chrooted = startedClient(settings);
             ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(chrooted, "/services/web",
                     SmartStackRecord.of("10.0.0.7", 8080, "i-fresh"))) {
            registrar.start();
            registrar.reportHealth(true);

            await().atMost(SnapshotRecorder.PATIENCE).until(() -> registrar.registeredPath().isPresent());
            assertThat(registrar.status().state()).isEqualTo(State.REGISTERED);
            List<String> children = nerve.getChildren().forPath(chroot + "/services/web");
            assertThat(children).singleElement().asString().matches("i-fresh_[0-9]{10}");
            assertThat(new String(nerve.getData().forPath(chroot + "/services/web/" + children.get(0)), UTF_8))
                    .isEqualTo("{\"host\":\"10.0.0.7\",\"port\":8080,\"name\":\"i-fresh\"}");
            assertThat(nerve.checkExists().forPath(chroot).getEphemeralOwner()).as("chroot is persistent").isZero();
        }
    }

    @Test
    void aServicePathZooKeeperRefusesIsRetriedUntilAnOperatorAllowsIt() throws Exception {
        // The parent allows reading only: creating the service path under it is refused (NoAuth).
        String parent = "/locked";
        nerve.create().withMode(CreateMode.PERSISTENT)
                .withACL(List.of(new ACL(ZooDefs.Perms.READ | ZooDefs.Perms.ADMIN, new Id("world", "anyone"))))
                .forPath(parent);
        String servicePath = parent + "/web/services";
        try (ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(ganglion, servicePath,
                SmartStackRecord.of("10.0.0.8", 8080, "i-locked"))) {
            registrar.start();
            registrar.reportHealth(true);
            // Meanwhile the status tells the truth: retrying, why, how often, and when next.
            RegistrarStatus refused = await().atMost(SnapshotRecorder.PATIENCE)
                    .until(registrar::status, s -> s.failedAttempts() >= 2);
            assertThat(refused.state()).isEqualTo(State.RETRYING);
            assertThat(refused.lastError()).hasValueSatisfying(error -> assertThat(error).contains("NoAuth").contains("/locked/web"));
            assertThat(refused.nextAttempt()).isPresent();
            assertThat(registrar.registeredPath()).isEmpty();

            nerve.setACL().withACL(ZooDefs.Ids.OPEN_ACL_UNSAFE).forPath(parent);

            await().atMost(SnapshotRecorder.PATIENCE).until(() -> registrar.registeredPath().isPresent());
            assertThat(registrar.status().state()).isEqualTo(State.REGISTERED);
            assertThat(registrar.status().lastError()).isEmpty();
            assertThat(nerve.getChildren().forPath(servicePath)).singleElement().asString().startsWith("i-locked_");
        }
    }
}
