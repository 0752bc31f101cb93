package io.ganglion.agent.e2e;

import io.ganglion.balancer.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import io.ganglion.runtime.ServerState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2, slot mode: a {@code server-template} backend with a static algorithm (no dynamic
 * servers) is filled, re-addressed and freed under load with zero failed requests. HAProxy only:
 * the bundled balancer's configuration has no {@code server-template}.
 */
class SlotModeTest {

    @Test
    void slotsAreFilledAndFreedUnderLoadWithoutAFailedRequest(@TempDir Path dir) throws Exception {
        int slotsPort = Ports.free();
        String slotted = """

                frontend fe_slots
                    bind 127.0.0.1:%d
                    default_backend be_slots

                backend be_slots
                    balance static-rr
                    option httpchk GET /
                    server-template srv 1-4 127.0.0.1:1 check inter 1s disabled
                """.formatted(slotsPort);
        try (World world = World.withExtraBackends(new HaproxyTarget(), dir, slotted, "b1", "b2", "b3", "b4")) {
            NerveRegistry registry = new NerveRegistry(world.curator, "/services/slotted");
            for (String name : new String[] {"b1", "b2", "b3"}) {
                registry.register(name, world.backend(name).port(), 1);
            }
            world.startAgent("""
                      - { service: slotted, registry: zk, path: /services/slotted, backend: be_slots, server_options: check, slots: srv }
                    """);
            await("three slots filled").atMost(E2e.GENEROUS).until(() -> readyPorts(world).keySet().equals(
                    java.util.Set.of(world.backend("b1").port(), world.backend("b2").port(), world.backend("b3").port())));

            try (Load load = Load.start(slotsPort, 300)) {
                load.awaitMore(300);
                registry.remove("b3");
                await("b3's slot freed").atMost(E2e.GENEROUS).until(() -> !readyPorts(world).containsKey(world.backend("b3").port()));
                // a request sent to b3 just before its slot was freed may reach it just after: counted from once it has
                load.awaitMore(300);
                long b3Requests = world.backend("b3").requests();
                load.awaitMore(300);
                assertThat(world.backend("b3").requests()).isEqualTo(b3Requests);

                registry.move("b2", world.backend("b4").port(), 1);
                await("b2 at b4's address").atMost(E2e.GENEROUS).until(() -> {
                    Map<Integer, String> ready = readyPorts(world);
                    return ready.containsKey(world.backend("b4").port()) && !ready.containsKey(world.backend("b2").port());
                });
                load.awaitMore(300);
                assertThat(world.backend("b4").requests()).isPositive();
                load.close();
                System.out.printf("[haproxy slots] %d requests at %.0f/s, %d failed%n", load.total(), load.rate(), load.failed());
                assertThat(load.failures()).isEmpty();
                assertThat(load.rate()).isGreaterThanOrEqualTo(200);
            }
            assertThat(world.servers("be_slots")).hasSize(4).containsOnlyKeys("srv1", "srv2", "srv3", "srv4");
            assertThat(world.agent.audit().entries()).extracting(e -> e.action())
                    .contains("fill", "drain", "maint").doesNotContain("add", "delete");
        }
    }

    /** Port → slot name of the slots serving now. */
    private static Map<Integer, String> readyPorts(World world) {
        return world.servers("be_slots").values().stream()
                .filter(s -> !s.inMaintenance() && !s.draining())
                .collect(Collectors.toMap(ServerState::port, ServerState::serverName));
    }
}
