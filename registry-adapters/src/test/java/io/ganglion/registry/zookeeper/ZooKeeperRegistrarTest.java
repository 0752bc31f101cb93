package io.ganglion.registry.zookeeper;

import static io.ganglion.registry.SnapshotRecorder.freshWithPorts;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.expireSession;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.startedClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.LocalHttpService;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;

class ZooKeeperRegistrarTest extends ZooKeeperTestBase {


    @Test
    void writesTheSameLayoutAndBytesAsNerve() throws Exception {
        SmartStackRecord record = SmartStackRecord.of("10.1.2.3", 8080, "i-0abc").withWeight(2)
                .withLabels(Map.of("az", "us-east-1a"));
        try (ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(ganglion, servicePath, record)) {
            registrar.start();
            registrar.reportHealth(true);

            List<String> children = awaitChildren(1);
            assertThat(children.get(0)).matches("i-0abc_[0-9]{10}");
            Stat stat = new Stat();
            byte[] data = nerve.getData().storingStatIn(stat).forPath(servicePath + "/" + children.get(0));
            assertThat(new String(data, UTF_8))
                    .isEqualTo("{\"host\":\"10.1.2.3\",\"port\":8080,\"name\":\"i-0abc\",\"weight\":2,\"labels\":{\"az\":\"us-east-1a\"}}");
            assertThat(stat.getEphemeralOwner()).as("ephemeral").isEqualTo(ganglion.getZookeeperClient().getZooKeeper().getSessionId());
            assertThat(nerve.checkExists().forPath(servicePath).getEphemeralOwner()).as("service path is persistent").isZero();
        }
        awaitChildren(0);
    }

    @Test
    void aMixedFleetOfNerveAndGanglionHostsReadsAsOneService() throws Exception {
        // Nerve's hosts, exactly as Nerve writes them...
        for (Map.Entry<String, String> node : NerveFixture.znodes().entrySet()) {
            String prefix = node.getKey().substring(0, node.getKey().lastIndexOf('_') + 1);
            nerve.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .forPath(servicePath + "/" + prefix, node.getValue().getBytes(UTF_8));
        }
        // ...and a Ganglion host next to them.
        SmartStackRecord ours = SmartStackRecord.of("10.1.2.9", 8080, "i-0new").withHaproxyServerOptions("check");
        ServiceWatcher watcher = ZooKeeperServiceWatcher.builder(ganglion, servicePath).build();
        SnapshotRecorder recorder = new SnapshotRecorder();
        try (ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(ganglion, servicePath, ours); watcher) {
            registrar.start();
            registrar.reportHealth(true);
            watcher.addListener(recorder);
            watcher.start();

            ServiceSnapshot all = recorder.awaitLast(s -> s.endpoints().size() == 5);
            Endpoint mine = all.endpoints().stream().filter(e -> e.id().equals("i-0new_10.1.2.9:8080")).findFirst().orElseThrow();
            assertThat(mine.meta()).containsEntry(Endpoint.META_HAPROXY_SERVER_OPTIONS, "check");

            // What Ganglion wrote reads back, through the Nerve record rules, as the record it meant.
            String path = registrar.registeredPath().orElseThrow();
            assertThat(SmartStackJson.read(nerve.getData().forPath(path))).isEqualTo(ours);
            assertThat(new String(nerve.getData().forPath(path), UTF_8))
                    .isEqualTo("{\"host\":\"10.1.2.9\",\"port\":8080,\"name\":\"i-0new\",\"haproxy_server_options\":\"check\"}");
        }
    }

    @Test
    void leavesWhenTheLocalServiceFailsItsCheckAndReturnsWhenItRecovers() throws Exception {
        ServiceWatcher watcher = ZooKeeperServiceWatcher.builder(ganglion, servicePath).build();
        SnapshotRecorder recorder = new SnapshotRecorder();
        try (LocalHttpService local = new LocalHttpService();
                ZooKeeperRegistrar registered = new ZooKeeperRegistrar(ganglion, servicePath,
                        SmartStackRecord.of("127.0.0.1", local.port(), "i-local"));
                watcher) {
            int port = local.port();
            registered.start();
            watcher.addListener(recorder);
            watcher.start();
            recorder.awaitLast(ServiceSnapshot::isFresh);

            registered.reportHealth(local.check());
            recorder.awaitLast(freshWithPorts(port));

            local.setHealthy(false);
            registered.reportHealth(local.check());
            recorder.awaitLast(freshWithPorts());

            local.setHealthy(true);
            registered.reportHealth(local.check());
            recorder.awaitLast(freshWithPorts(port));

            registered.close();
            recorder.awaitLast(freshWithPorts());
            assertThat(registered.registeredPath()).isEmpty();
        }
    }

    @Test
    void reRegistersAfterTheSessionExpires() throws Exception {
        try (ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(ganglion, servicePath,
                SmartStackRecord.of("10.0.0.1", 8001, "i-1"))) {
            registrar.start();
            registrar.reportHealth(true);
            String before = awaitChildren(1).get(0);

            expireSession(ganglion);

            long newSession = ganglion.getZookeeperClient().getZooKeeper().getSessionId();
            await().atMost(SnapshotRecorder.PATIENCE).untilAsserted(() -> {
                List<String> children = nerve.getChildren().forPath(servicePath);
                // Curator's PersistentNode re-creates the very same name, now owned by the new session.
                assertThat(children).containsExactly(before);
                // the node may go (the old session's) between the listing and this read: then not yet
                org.apache.zookeeper.data.Stat node = nerve.checkExists().forPath(servicePath + "/" + children.get(0));
                assertThat(node).isNotNull();
                assertThat(node.getEphemeralOwner()).isEqualTo(newSession);
            });
        }
    }

    @Test
    void refusesUnusableInputAndMisuse() throws Exception {
        assertThatThrownBy(() -> new ZooKeeperRegistrar(ganglion, servicePath, SmartStackRecord.of("h", 1, "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty znode name");
        ZooKeeperRegistrar registrar = new ZooKeeperRegistrar(ganglion, servicePath, SmartStackRecord.of("h", 1, "i-1"));
        assertThatThrownBy(() -> registrar.reportHealth(true))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is latent, not started");
        registrar.close();
        assertThatThrownBy(registrar::start).isInstanceOf(IllegalStateException.class);
        assertThat(nerve.checkExists().forPath(servicePath)).isNull();
    }

    private List<String> awaitChildren(int count) {
        return await().atMost(SnapshotRecorder.PATIENCE).until(() -> {
            try {
                return nerve.getChildren().forPath(servicePath);
            } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                return List.<String>of();
            }
        }, children -> children.size() == count);
    }
}
