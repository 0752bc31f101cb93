package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

import io.ganglion.runtime.ServerState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A watch's {@code weight:} rules decide the weights the balancer really gets: the registry's
 * weights scaled and capped, an instance named by a rule pinned, and a registry reweight followed
 * through the same rules.
 */
class WeightRulesScenarioTest {

    private final int weightedPort = io.ganglion.balancer.testing.Ports.free();

    private String weightedBackend() {
        return """

                frontend fe_w
                    bind 127.0.0.1:%d
                    default_backend be_w

                backend be_w
                    balance roundrobin
                """.formatted(weightedPort);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void registryWeightsGoThroughTheWatchsRules(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.withExtraBackends(target, dir, weightedBackend(), "b1", "b2", "b3")) {
            NerveRegistry weighted = new NerveRegistry(world.curator, "/services/w");
            weighted.register("b1", world.backend("b1").port(), 2);
            weighted.register("b2", world.backend("b2").port(), 5);
            weighted.register("b3", world.backend("b3").port(), 4);
            world.startAgent("""
                      - { service: w, registry: zk, path: /services/w, backend: be_w,
                          weight: { scale: 10, max: 40, rules: [ { meta: "name=b3", weight: 1 } ] } }
                    """);

            await("scaled, capped, pinned").atMost(E2e.GENEROUS).ignoreExceptions()
                    .until(() -> weights(world).equals(Map.of(name("b1", world), 20, name("b2", world), 40, name("b3", world), 1)));

            weighted.reweight("b1", world.backend("b1").port(), 3);
            weighted.reweight("b3", world.backend("b3").port(), 2);
            await("a registry reweight goes through the rules too").atMost(E2e.GENEROUS).ignoreExceptions()
                    .until(() -> weights(world).equals(Map.of(name("b1", world), 30, name("b2", world), 40, name("b3", world), 1)));

            // The traffic follows: 71 weight units (30 + 40 + 1), sent twice over.
            java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
            java.net.URI uri = java.net.URI.create("http://127.0.0.1:" + weightedPort + "/");
            Map<String, Long> before = Map.of("b1", world.backend("b1").requests(), "b2", world.backend("b2").requests(),
                    "b3", world.backend("b3").requests());
            for (int i = 0; i < 142; i++) {
                assertThat(client.send(java.net.http.HttpRequest.newBuilder(uri).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
            }
            long b1 = world.backend("b1").requests() - before.get("b1");
            long b2 = world.backend("b2").requests() - before.get("b2");
            long b3 = world.backend("b3").requests() - before.get("b3");
            assertThat(b1 + b2 + b3).isEqualTo(142);
            assertThat(b1).isBetween(50L, 70L); // 60 at exactly 30/71
            assertThat(b2).isBetween(70L, 90L); // 80 at exactly 40/71
            assertThat(b3).isBetween(1L, 5L);   //  2 at exactly 1/71
        }
    }

    private static String name(String instance, World world) {
        return NerveRegistry.serverName(instance, world.backend(instance).port());
    }

    private static Map<String, Integer> weights(World world) {
        return world.servers("be_w").values().stream()
                .collect(Collectors.toMap(ServerState::serverName, ServerState::userWeight));
    }
}
