package io.ganglion.agent.register;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.ganglion.agent.Agent;
import io.ganglion.agent.config.ConfigLoader;
import io.ganglion.registry.Endpoint;
import io.ganglion.registry.LocalHttpService;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import io.ganglion.registry.consul.ConsulApiDouble;
import io.ganglion.registry.consul.ConsulConnection;
import io.ganglion.registry.consul.ConsulServiceWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 6 for Consul (the double): a local HTTP service whose check fails leaves the passing
 * instances after {@code fall} checks and returns after {@code rise}, as a watcher of the service sees
 * it through blocking queries; a graceful shutdown deregisters it before the agent exits. The balancer
 * socket points nowhere: registration does not depend on it.
 */
class ConsulRegistrationTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);

    @Test
    void passingWhileHealthyAndDeregisteredOnShutdown(@TempDir Path dir) throws Exception {
        try (LocalHttpService service = new LocalHttpService();
             ConsulApiDouble consul = new ConsulApiDouble();
             ServiceWatcher reader = ConsulServiceWatcher.builder(ConsulConnection.of(consul.address()), "web")
                     .minInterval(Duration.ofMillis(50)).build()) {
            reader.start();
            Path config = Files.writeString(dir.resolve("ganglion.yaml"), """
                    balancer: { socket: %s }
                    registries: { consul: { type: consul, address: "%s" } }
                    register:
                      - service: web
                        registry: consul
                        host: 127.0.0.1
                        port: %d
                        weight: 3
                        tags: [primary, v2]
                        checks: [ { type: http, uri: /health, interval: 100ms, timeout: 2s, rise: 2, fall: 2 } ]
                    status: 127.0.0.1:0
                    shutdown_grace: 3s
                    """.formatted(dir.resolve("nowhere.sock"), consul.address(), service.port()));
            String id = "web-127.0.0.1-" + service.port();
            Agent agent = Agent.start(new ConfigLoader().load(config));
            try {
                await("passing in Consul").atMost(GENEROUS).until(() -> passing(reader).size() == 1);
                Endpoint endpoint = passing(reader).get(0);
                assertThat(endpoint.id()).isEqualTo(ConsulApiDouble.NODE + "/" + id);
                assertThat(endpoint.host()).isEqualTo("127.0.0.1");
                assertThat(endpoint.port()).isEqualTo(service.port());
                assertThat(endpoint.weight()).isEqualTo(3);
                assertThat(endpoint.tags()).containsExactly("primary", "v2");

                service.setHealthy(false);
                await("gone after fall").atMost(GENEROUS).until(() -> passing(reader).isEmpty());
                // the audit entry follows the registry write it reports: wait for it, too
                await("audited").atMost(GENEROUS).untilAsserted(() -> assertThat(agent.audit().entries()).anySatisfy(e -> {
                    assertThat(e.action()).isEqualTo("deregister");
                    assertThat(e.cause()).isEqualTo("check: http 503");
                }));
                assertThat(consul.isRegistered(id)).as("still known to Consul, as critical").isTrue();
                service.setHealthy(true);
                await("back after rise").atMost(GENEROUS).until(() -> passing(reader).size() == 1);
            } finally {
                Thread stopping = new Thread(agent::close, "stop-agent");
                stopping.start();
                await("deregistered while the agent is still stopping").atMost(GENEROUS)
                        .until(() -> !consul.isRegistered(id));
                assertThat(stopping.isAlive()).as("still in its shutdown grace").isTrue();
                stopping.join(GENEROUS.toMillis());
            }
            await("the watcher sees it gone").atMost(GENEROUS).until(() -> passing(reader).isEmpty());
        }
    }

    private static List<Endpoint> passing(ServiceWatcher reader) {
        return reader.current().map(ServiceSnapshot::endpoints).orElse(List.of());
    }
}
