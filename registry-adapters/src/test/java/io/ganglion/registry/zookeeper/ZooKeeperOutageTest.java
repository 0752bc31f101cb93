package io.ganglion.registry.zookeeper;

import static io.ganglion.registry.SnapshotRecorder.freshWithPorts;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.nerveWrites;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.record;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.startedClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotRecorder;
import java.time.Duration;
import java.time.Instant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;

/** ZooKeeper goes away for 10 s: the watcher keeps the last endpoints as stale and converges after. */
class ZooKeeperOutageTest {

    private static final String SERVICE = "/nerve/web/services";

    @Test
    void aTenSecondOutageKeepsTheLastEndpointsStaleThenConverges() throws Exception {
        try (TestingServer server = new TestingServer(true)) {
            CuratorFramework nerve = startedClient(server);
            CuratorFramework ganglion = startedClient(server);
            ServiceWatcher watcher = ZooKeeperServiceWatcher.builder(ganglion, SERVICE)
                    .verifyInterval(Duration.ofMillis(200)).build();
            SnapshotRecorder recorder = new SnapshotRecorder();
            try (nerve; ganglion; watcher) {
                nerveWrites(nerve, SERVICE, "i-a_", record("10.0.0.1", 8001, "i-a"));
                nerveWrites(nerve, SERVICE, "i-b_", record("10.0.0.2", 8002, "i-b"));
                watcher.addListener(recorder);
                watcher.start();
                ServiceSnapshot before = recorder.awaitLast(freshWithPorts(8001, 8002));

                server.stop();
                Instant stopped = Instant.now();
                ServiceSnapshot stale = recorder.awaitLast(s -> !s.isFresh());
                assertThat(stale.endpoints()).isEqualTo(before.endpoints());
                // The outage lasts 10 s: longer than the 6 s session, so ZooKeeper drops every ephemeral
                // node when it comes back. All along, the watcher keeps saying "stale, these two".
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> Duration.between(stopped, Instant.now()).compareTo(Duration.ofSeconds(10)) >= 0);
                assertThat(recorder.last().isFresh()).isFalse();
                assertThat(recorder.last().endpoints()).isEqualTo(before.endpoints());
                server.restart();

                // Nerve's session expired: its nodes are gone, and Nerve re-registers one instance.
                await().atMost(SnapshotRecorder.PATIENCE).until(() -> nerve.getZookeeperClient().isConnected());
                nerveWrites(nerve, SERVICE, "i-c_", record("10.0.0.3", 8003, "i-c"));
                recorder.awaitLast(freshWithPorts(8003));
                assertThat(recorder.sawFreshEmpty()).as("an outage never looks like 'no instances'").isFalse();
            }
        }
    }
}
