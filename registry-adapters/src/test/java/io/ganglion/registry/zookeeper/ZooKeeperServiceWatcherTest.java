package io.ganglion.registry.zookeeper;

import static io.ganglion.registry.SnapshotRecorder.freshWithPorts;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.nerveWrites;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.record;
import static io.ganglion.registry.zookeeper.ZooKeeperTestSupport.startedClient;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZooKeeperServiceWatcherTest extends ZooKeeperTestBase {

    private ServiceWatcher watcher;

    @AfterEach
    void closeWatcher() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private SnapshotRecorder watch() {
        watcher = ZooKeeperServiceWatcher.builder(ganglion, servicePath).serviceName("web")
                .verifyInterval(Duration.ofMillis(200)).build();
        SnapshotRecorder recorder = new SnapshotRecorder();
        watcher.addListener(recorder);
        watcher.start();
        return recorder;
    }

    @Test
    void readsANerveWrittenTreeAsItIs() throws Exception {
        NerveFixture.znodes().forEach((name, json) -> create(servicePath + "/" + name, json));

        ServiceSnapshot snapshot = watch().awaitLast(s -> s.endpoints().size() == 4);

        assertThat(snapshot.isFresh()).isTrue();
        assertThat(snapshot.service()).isEqualTo("web");
        assertThat(snapshot.endpoints()).extracting(Endpoint::id).containsExactly(
                "i-0abc_10.1.2.3:8080", "i-0def_10.1.2.4:8080", "i-0ghi_10.1.2.5:8081", "i-0jkl_10.1.2.6:8080");
        Endpoint full = snapshot.endpoints().get(2);
        assertThat(full.weight()).isZero();
        assertThat(full.labels()).isEqualTo(Map.of("az", "us-east-1b", "canary", "true"));
        assertThat(full.meta()).containsEntry(Endpoint.META_HAPROXY_SERVER_OPTIONS, "check port 9090 send-proxy")
                .containsEntry(Endpoint.META_ZNODE, "i-0ghi_0000000044").containsEntry(Endpoint.META_NAME, "i-0ghi");
        assertThat(snapshot.endpoints().get(1).weight()).isEqualTo(Endpoint.DEFAULT_WEIGHT);
        assertThat(snapshot.revision()).isPositive();
    }

    @Test
    void firstSnapshotIsTheWholeSetNotATrickle() throws Exception {
        for (int i = 0; i < 20; i++) {
            nerveWrites(nerve, servicePath, "i-" + i + "_", record("10.0.0." + i, 8000 + i, "i-" + i));
        }

        SnapshotRecorder recorder = watch();

        recorder.awaitLast(ServiceSnapshot::isFresh);
        assertThat(recorder.all().get(0).endpoints()).hasSize(20);
    }

    @Test
    void aMissingServicePathIsAFreshEmptyAnswer() {
        ServiceSnapshot snapshot = watch().awaitLast(s -> true);

        assertThat(snapshot.isFresh()).isTrue();
        assertThat(snapshot.endpoints()).isEmpty();
    }

    @Test
    void followsAddsUpdatesAndRemovals() throws Exception {
        String a = nerveWrites(nerve, servicePath, "i-a_", record("10.0.0.1", 8001, "i-a"));
        SnapshotRecorder recorder = watch();
        recorder.awaitLast(freshWithPorts(8001));

        String b = nerveWrites(nerve, servicePath, "i-b_", record("10.0.0.2", 8002, "i-b"));
        recorder.awaitLast(freshWithPorts(8001, 8002));

        nerve.setData().forPath(b, "{\"host\":\"10.0.0.2\",\"port\":8002,\"name\":\"i-b\",\"weight\":7}".getBytes(UTF_8));
        ServiceSnapshot reweighted = recorder.awaitLast(s -> s.endpoints().stream().anyMatch(e -> e.weight() == 7));
        long revisionAfterUpdate = reweighted.revision();

        nerve.delete().forPath(a);
        ServiceSnapshot afterRemoval = recorder.awaitLast(freshWithPorts(8002));
        assertThat(afterRemoval.revision()).isGreaterThanOrEqualTo(revisionAfterUpdate);
        assertThat(recorder.sawOverlappingDeliveries()).isFalse();
        assertThat(recorder.sawFreshEmpty()).isFalse();
    }

    @Test
    void skipsAndCountsMalformedChildrenWithoutLosingTheOthers() throws Exception {
        nerveWrites(nerve, servicePath, "i-good_", record("10.0.0.1", 8001, "i-good"));
        String bad = nerveWrites(nerve, servicePath, "i-bad_", "{\"host\":\"10.0.0.2\",\"port\":");
        nerveWrites(nerve, servicePath, "i-noport_", "{\"host\":\"10.0.0.3\"}");
        SnapshotRecorder recorder = watch();

        ServiceSnapshot snapshot = recorder.awaitLast(freshWithPorts(8001));
        assertThat(snapshot.skippedEntries()).isEqualTo(2);

        nerve.setData().forPath(bad, record("10.0.0.2", 8002, "i-bad").getBytes(UTF_8));
        ServiceSnapshot repaired = recorder.awaitLast(freshWithPorts(8001, 8002));
        assertThat(repaired.skippedEntries()).isEqualTo(1);
    }

    @Test
    void followsOneThousandInstancesOfOneService() throws Exception {
        nerve.create().creatingParentsIfNeeded().forPath(servicePath);
        List<CuratorOp> creates = IntStream.range(0, 1000).mapToObj(i -> op(i)).toList();
        for (int from = 0; from < creates.size(); from += 250) {
            try {
                nerve.transaction().forOperations(creates.subList(from, from + 250));
            } catch (KeeperException.NodeExistsException committedBeforeTheRetry) {
                // The connection was lost after the server committed the batch (load 13 in CI) and
                // Curator ran it again: a transaction is all or nothing, so the batch is there.
            }
        }
        SnapshotRecorder recorder = watch();

        ServiceSnapshot all = recorder.awaitLast(s -> s.endpoints().size() == 1000);
        assertThat(all.endpoints()).extracting(Endpoint::port).doesNotHaveDuplicates();

        for (int i = 0; i < 500; i++) {
            nerve.delete().forPath(servicePath + "/i-" + i + "_0000000000");
        }
        ServiceSnapshot half = recorder.awaitLast(s -> s.endpoints().size() == 500);
        assertThat(half.endpoints()).allMatch(e -> e.port() >= 10_500);
        assertThat(recorder.all()).allMatch(s -> s.endpoints().size() >= 500);
    }

    @Test
    void neverAnswersRatherThanAnswerEmptyWhenTheTreeIsUnreadable() throws Exception {
        String digest = DigestAuthenticationProvider.generateDigest("synapse:s3cret");
        List<ACL> readerOnly = List.of(new ACL(ZooDefs.Perms.ALL, new Id("digest", digest)));
        nerve.create().creatingParentsIfNeeded().withACL(readerOnly).forPath(servicePath);

        SnapshotRecorder anonymous = watch();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> watcher.current().isEmpty());
        assertThat(anonymous.all()).isEmpty();
        watcher.close();

        CuratorFramework withDigest = startedClient(ZooKeeperSettings.of(server.getConnectString()).withDigest("synapse:s3cret"));
        try {
            withDigest.create().withMode(CreateMode.EPHEMERAL).forPath(servicePath + "/i-1_0000000001",
                    record("10.0.0.1", 8001, "i-1").getBytes(UTF_8));
            watcher = ZooKeeperServiceWatcher.builder(withDigest, servicePath).build();
            SnapshotRecorder authorised = new SnapshotRecorder();
            watcher.addListener(authorised);
            watcher.start();
            authorised.awaitLast(freshWithPorts(8001));
        } finally {
            watcher.close();
            withDigest.close();
        }
    }

    @Test
    void readsUnderAChrootFromAConnectStringWithSeveralServers() throws Exception {
        nerveWrites(nerve, "/smartstack" + servicePath, "i-1_", record("10.0.0.1", 8001, "i-1"));
        String twoServers = server.getConnectString() + "," + server.getConnectString() + "/smartstack";
        CuratorFramework chrooted = startedClient(ZooKeeperSettings.of(twoServers));
        try {
            watcher = ZooKeeperServiceWatcher.builder(chrooted, servicePath).build();
            SnapshotRecorder recorder = new SnapshotRecorder();
            watcher.addListener(recorder);
            watcher.start();
            recorder.awaitLast(freshWithPorts(8001));
        } finally {
            watcher.close();
            chrooted.close();
        }
    }

    @Test
    void aLateListenerFirstGetsTheCurrentSnapshot() throws Exception {
        nerveWrites(nerve, servicePath, "i-1_", record("10.0.0.1", 8001, "i-1"));
        watch().awaitLast(freshWithPorts(8001));

        SnapshotRecorder late = new SnapshotRecorder();
        watcher.addListener(late);

        late.awaitLast(freshWithPorts(8001));
        assertThat(watcher.current()).contains(late.last());
    }

    @Test
    void startsOnceAndClosesIdempotently() {
        watch();
        assertThatThrownBy(watcher::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot start: it is already started");
        watcher.close();
        watcher.close();
        assertThatThrownBy(() -> ZooKeeperServiceWatcher.builder(ganglion, "services/web"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Path must start with / character");
    }

    @Test
    void tenWatchedServicesShareAFewThreadsAndEachGetsItsOwnChanges() throws Exception {
        List<ServiceWatcher> watchers = new java.util.ArrayList<>();
        try {
            List<SnapshotRecorder> recorders = new java.util.ArrayList<>();
            for (int s = 0; s < 10; s++) {
                create(servicePath + s + "/i-" + s + "_0000000000", record("10.1.0.1", 8000 + s, "i-" + s));
                ServiceWatcher each = ZooKeeperServiceWatcher.builder(ganglion, servicePath + s).serviceName("svc" + s)
                        .verifyInterval(Duration.ofMillis(200)).build();
                watchers.add(each);
                SnapshotRecorder recorder = new SnapshotRecorder();
                each.addListener(recorder);
                each.start();
                recorders.add(recorder);
            }
            for (int s = 0; s < 10; s++) {
                recorders.get(s).awaitLast(freshWithPorts(8000 + s));
            }
            create(servicePath + 3 + "/i-x_0000000001", record("10.1.0.1", 9003, "i-x"));
            recorders.get(3).awaitLast(freshWithPorts(8003, 9003));

            // A thread per watcher and per service's deliveries was 20 here: stacks and native memory.
            assertThat(Thread.getAllStackTraces().keySet()).filteredOn(t -> t.getName().startsWith("ganglion-zk-watch")
                    || t.getName().startsWith("ganglion-registry")).hasSize(1);
            assertThat(recorders.get(4).all()).allMatch(freshWithPorts(8004));
        } finally {
            watchers.forEach(ServiceWatcher::close);
        }
    }

    private CuratorOp op(int i) {
        try {
            return nerve.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                    .forPath(servicePath + "/i-" + i + "_0000000000", record("10.1.0.1", 10_000 + i, "i-" + i).getBytes(UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void create(String path, String json) {
        try {
            nerve.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(path, json.getBytes(UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
