package io.ganglion.registry.consul;

import static io.ganglion.registry.SnapshotRecorder.freshWithPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.SnapshotRecorder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsulServiceWatcherTest {

    private ConsulApiDouble consul;
    private ServiceWatcher watcher;

    @BeforeEach
    void startDouble() throws Exception {
        consul = new ConsulApiDouble();
    }

    @AfterEach
    void stopAll() {
        if (watcher != null) {
            watcher.close();
        }
        consul.close();
    }

    private SnapshotRecorder watch(ConsulServiceWatcher.Builder builder) {
        watcher = builder.build();
        SnapshotRecorder recorder = new SnapshotRecorder();
        watcher.addListener(recorder);
        watcher.start();
        return recorder;
    }

    private ConsulServiceWatcher.Builder web() {
        return ConsulServiceWatcher.builder(ConsulConnection.of(consul.address()), "web")
                .waitTime(Duration.ofSeconds(5)).minInterval(Duration.ofMillis(100))
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).readMargin(Duration.ofSeconds(1));
    }

    @Test
    void readsAddressWeightTagsAndMetaAndFollowsChanges() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of("prod"), 5);
        consul.putInstance("n2", "web-1", "web", "", 8002, List.of(), null);
        SnapshotRecorder recorder = watch(web());

        ServiceSnapshot first = recorder.awaitLast(freshWithPorts(8001, 8002));
        Endpoint withWeight = first.endpoints().get(0);
        assertThat(withWeight.id()).isEqualTo("n1/web-1");
        assertThat(withWeight.weight()).isEqualTo(5);
        assertThat(withWeight.tags()).containsExactly("prod");
        assertThat(withWeight.meta()).isEqualTo(Map.of("version", "1"));
        Endpoint fallback = first.endpoints().get(1);
        assertThat(fallback.host()).as("node address when Service.Address is empty").isEqualTo("10.9.9.9");
        assertThat(fallback.weight()).isEqualTo(Endpoint.DEFAULT_WEIGHT);
        assertThat(first.revision()).isEqualTo(consul.indexOf("web"));

        consul.putInstance("n3", "web-3", "web", "10.0.0.3", 8003, List.of(), null);
        recorder.awaitLast(freshWithPorts(8001, 8002, 8003));
        consul.removeInstance("n1", "web-1");
        recorder.awaitLast(freshWithPorts(8002, 8003));
        assertThat(recorder.sawOverlappingDeliveries()).isFalse();
    }

    @Test
    void blocksOnTheIndexInsteadOfSpinning() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of(), null);
        SnapshotRecorder recorder = watch(web().waitTime(Duration.ofSeconds(2)));
        recorder.awaitLast(freshWithPorts(8001));
        int before = consul.healthRequests();

        // Nothing changes for 3 s: with wait=2s that is two or three queries, not hundreds.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> consul.healthRequests() - before <= 3);
        assertThat(consul.healthIndexParams().subList(1, consul.healthIndexParams().size()))
                .allMatch(index -> index == consul.indexOf("web"));

        consul.putInstance("n2", "web-2", "web", "10.0.0.2", 8002, List.of(), null);
        recorder.awaitLast(freshWithPorts(8001, 8002));
    }

    @Test
    void anIndexThatGoesBackwardsResetsAndMissesNothing() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of(), null);
        SnapshotRecorder recorder = watch(web());
        recorder.awaitLast(freshWithPorts(8001));

        consul.resetIndex(3);
        consul.putInstance("n2", "web-2", "web", "10.0.0.2", 8002, List.of(), null); // index 4, below the old one

        recorder.awaitLast(freshWithPorts(8001, 8002));
        assertThat(consul.healthIndexParams()).contains(0L);
    }

    @Test
    void aMissingIndexIsNotUsedAndDoesNotMakeItSpin() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of(), null);
        consul.omitIndex();
        SnapshotRecorder recorder = watch(web().minInterval(Duration.ofMillis(300)));
        recorder.awaitLast(freshWithPorts(8001));

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> consul.healthRequests() <= 3);
        assertThat(consul.healthIndexParams().get(1)).as("no index to block on after a missing header").isZero();
        assertThat(consul.healthIndexParams().subList(2, consul.healthIndexParams().size())).allMatch(i -> i > 0);
    }

    @Test
    void errorsKeepTheLastEndpointsStaleAndBackOff() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of(), null);
        SnapshotRecorder recorder = watch(web().waitTime(Duration.ofMillis(500)));
        recorder.awaitLast(freshWithPorts(8001));

        consul.fail500(6);
        ServiceSnapshot stale = recorder.awaitLast(s -> !s.isFresh());
        assertThat(stale.endpoints()).extracting(Endpoint::port).containsExactly(8001);
        recorder.awaitLast(freshWithPorts(8001));

        consul.malformedJson();
        consul.putInstance("n2", "web-2", "web", "10.0.0.2", 8002, List.of(), null);
        recorder.awaitLast(freshWithPorts(8001, 8002));
        assertThat(recorder.all()).anyMatch(s -> !s.isFresh() && s.endpoints().size() == 1);
        assertThat(recorder.sawFreshEmpty()).isFalse();
    }

    @Test
    void aSlowAnswerBeyondTheReadTimeoutIsAnErrorNotAnEmptyAnswer() {
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of(), null);
        SnapshotRecorder recorder = watch(web().waitTime(Duration.ofMillis(200)).readMargin(Duration.ofMillis(300)));
        recorder.awaitLast(freshWithPorts(8001));

        consul.slowAnswer(Duration.ofSeconds(2));
        recorder.awaitLast(s -> !s.isFresh());
        recorder.awaitLast(freshWithPorts(8001));
        assertThat(recorder.sawFreshEmpty()).isFalse();
    }

    @Test
    void neverAnsweredIsNotEmpty() {
        consul.fail500(1000);
        watch(web());

        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> watcher.current().isEmpty());
        assertThat(consul.healthRequests()).as("back-off, not a storm").isLessThan(30);
    }

    @Test
    void answeredEmptyIsAFreshEmptySnapshot() {
        ServiceSnapshot snapshot = watch(web()).awaitLast(s -> true);

        assertThat(snapshot.isFresh()).isTrue();
        assertThat(snapshot.endpoints()).isEmpty();
    }

    @Test
    void filtersByTagAndSendsDatacenterAndTokenFromAFile(@TempDir Path dir) throws Exception {
        consul.requireToken("s3cret");
        Path tokenFile = Files.writeString(dir.resolve("token"), "s3cret\n");
        consul.putInstance("n1", "web-1", "web", "10.0.0.1", 8001, List.of("canary"), null);
        consul.putInstance("n2", "web-2", "web", "10.0.0.2", 8002, List.of("prod"), null);
        ConsulConnection connection = ConsulConnection.of(consul.address()).withTokenFile(tokenFile);

        SnapshotRecorder recorder = watch(ConsulServiceWatcher.builder(connection, "web").tag("prod").datacenter("dc1")
                .waitTime(Duration.ofSeconds(1)).minInterval(Duration.ofMillis(100)).backoff(Duration.ofMillis(100), Duration.ofMillis(200)));
        recorder.awaitLast(freshWithPorts(8002));

        Files.writeString(tokenFile, "rotated-away");
        consul.putInstance("n3", "web-3", "web", "10.0.0.3", 8003, List.of("prod"), null);
        recorder.awaitLast(s -> !s.isFresh());
        Files.writeString(tokenFile, "s3cret");
        recorder.awaitLast(freshWithPorts(8002, 8003));
    }

    @Test
    void anUnknownDatacenterNeverAnswers() {
        watch(web().datacenter("mars"));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10)).until(() -> watcher.current().isEmpty());
    }
}
