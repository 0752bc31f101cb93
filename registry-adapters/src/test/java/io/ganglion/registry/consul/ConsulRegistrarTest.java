package io.ganglion.registry.consul;

import static io.ganglion.registry.SnapshotRecorder.freshWithPorts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.LocalHttpService;
import io.ganglion.registry.RegistrarStatus;
import io.ganglion.registry.RegistrarStatus.State;
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

class ConsulRegistrarTest {

    private ConsulApiDouble consul;
    private ServiceWatcher watcher;
    private SnapshotRecorder recorder;

    @BeforeEach
    void start() throws Exception {
        consul = new ConsulApiDouble();
        watcher = ConsulServiceWatcher.builder(ConsulConnection.of(consul.address()), "web")
                .waitTime(Duration.ofSeconds(5)).minInterval(Duration.ofMillis(50)).build();
        recorder = new SnapshotRecorder();
        watcher.addListener(recorder);
        watcher.start();
    }

    @AfterEach
    void stop() {
        watcher.close();
        consul.close();
    }

    @Test
    void anHttpCheckRunByConsulTakesTheServiceOutAndBackIn() throws Exception {
        try (LocalHttpService local = new LocalHttpService()) {
            int port = local.port();
            ConsulRegistration registration = new ConsulRegistration("web-local", "web", "127.0.0.1", port,
                    List.of("ganglion"), Map.of("owner", "sre"), 3, ConsulCheck.http(local.healthUrl(), Duration.ofMillis(100)));
            try (ConsulRegistrar registrar = new ConsulRegistrar(ConsulConnection.of(consul.address()), registration)) {
                registrar.start();
                ServiceSnapshot in = recorder.awaitLast(freshWithPorts(port));
                Endpoint endpoint = in.endpoints().get(0);
                assertThat(endpoint.id()).isEqualTo(ConsulApiDouble.NODE + "/web-local");
                assertThat(endpoint.weight()).isEqualTo(3);
                assertThat(endpoint.tags()).containsExactly("ganglion");
                assertThat(endpoint.meta()).containsEntry("owner", "sre");

                local.setHealthy(false);
                recorder.awaitLast(freshWithPorts());
                assertThat(consul.isRegistered("web-local")).as("critical, still registered").isTrue();

                local.setHealthy(true);
                recorder.awaitLast(freshWithPorts(port));
            }
            recorder.awaitLast(freshWithPorts());
            assertThat(consul.isRegistered("web-local")).as("deregistered on close").isFalse();
        }
    }

    @Test
    void aTtlCheckFollowsTheReportedHealth() throws Exception {
        try (LocalHttpService local = new LocalHttpService()) {
            int port = local.port();
            ConsulRegistration registration = new ConsulRegistration("web-ttl", "web", "127.0.0.1", port,
                    List.of(), Map.of(), 1, ConsulCheck.ttl(Duration.ofSeconds(3)));
            try (ConsulRegistrar registrar = new ConsulRegistrar(ConsulConnection.of(consul.address()), registration)) {
                registrar.start();
                await().atMost(SnapshotRecorder.PATIENCE).until(() -> consul.isRegistered("web-ttl"));
                recorder.awaitLast(freshWithPorts()); // a TTL check starts critical

                registrar.reportHealth(local.check());
                recorder.awaitLast(freshWithPorts(port));
                // The registrar keeps the TTL alive: still passing after two TTLs.
                await().during(Duration.ofSeconds(6)).atMost(Duration.ofSeconds(15))
                        .until(() -> freshWithPorts(port).test(recorder.last()));

                local.setHealthy(false);
                registrar.reportHealth(local.check());
                recorder.awaitLast(freshWithPorts());
                local.setHealthy(true);
                registrar.reportHealth(local.check());
                recorder.awaitLast(freshWithPorts(port));
            }
        }
    }

    @Test
    void aRefusedTokenIsRetriedUntilTheTokenFileIsFixedAndTheStatusSaysWhyMeanwhile(@TempDir Path dir) throws Exception {
        consul.requireToken("s3cret");
        Path tokenFile = Files.writeString(dir.resolve("token"), "expired-token\n");
        ConsulRegistration registration = new ConsulRegistration("web-acl", "web", "127.0.0.1", 8080, List.of(), Map.of(), 1,
                ConsulCheck.ttl(Duration.ofSeconds(3)));
        try (ConsulRegistrar registrar = new ConsulRegistrar(ConsulConnection.of(consul.address()).withTokenFile(tokenFile),
                registration)) {
            registrar.start();
            registrar.reportHealth(true);
            RegistrarStatus refused = await().atMost(SnapshotRecorder.PATIENCE).until(registrar::status, s -> s.failedAttempts() >= 2);
            assertThat(refused.state()).isEqualTo(State.RETRYING);
            assertThat(refused.lastError()).hasValueSatisfying(error -> assertThat(error).contains("403").contains("ACL not found"));
            assertThat(consul.isRegistered("web-acl")).isFalse();

            Files.writeString(tokenFile, "s3cret\n"); // the operator rotates the token
            await().atMost(SnapshotRecorder.PATIENCE).until(() -> registrar.status().isRegistered());
            assertThat(consul.isRegistered("web-acl")).isTrue();
        }
    }

    @Test
    void aConsulAgentThatForgotTheServiceGetsItRegisteredAgain() throws Exception {
        ConsulRegistration registration = new ConsulRegistration("web-forgotten", "web", "127.0.0.1", 8081, List.of(), Map.of(), 1,
                ConsulCheck.ttl(Duration.ofMillis(900)));
        try (ConsulRegistrar registrar = new ConsulRegistrar(ConsulConnection.of(consul.address()), registration)) {
            registrar.start();
            registrar.reportHealth(true);
            recorder.awaitLast(freshWithPorts(8081));

            consul.removeInstance(ConsulApiDouble.NODE, "web-forgotten"); // a Consul agent restarted without its state
            recorder.awaitLast(freshWithPorts());

            recorder.awaitLast(freshWithPorts(8081));
            await().atMost(SnapshotRecorder.PATIENCE).until(() -> registrar.status().isRegistered());
        }
    }

    @Test
    void consulRemovesAServiceCriticalForLongerThanDeregisterCriticalServiceAfter() {
        ConsulRegistration registration = new ConsulRegistration("web-gone", "web", "127.0.0.1", 1, List.of(), Map.of(), 1,
                ConsulCheck.tcp("127.0.0.1:1", Duration.ofMillis(100)).deregisterCriticalAfter(Duration.ofMillis(500)));
        try (ConsulRegistrar registrar = new ConsulRegistrar(ConsulConnection.of(consul.address()), registration)) {
            registrar.start();
            await().atMost(SnapshotRecorder.PATIENCE).until(() -> consul.isRegistered("web-gone"));
            await().atMost(SnapshotRecorder.PATIENCE).until(() -> !consul.isRegistered("web-gone"));
        }
    }
}
