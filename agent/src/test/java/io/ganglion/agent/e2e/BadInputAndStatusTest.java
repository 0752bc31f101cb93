package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.status.AgentMetrics;
import io.ganglion.agent.status.BackendStatus;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 8 (a znode with broken JSON is skipped and counted; a refused command is retried and
 * the loop goes on) and 9 ({@code /status} and {@code /metrics} match the actions taken).
 */
class BadInputAndStatusTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void brokenRecordIsSkippedAndCountedTheOthersStillServe(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.registerRaw("broken", "{\"host\":\"127.0.0.1\",\"port\":".getBytes(StandardCharsets.UTF_8));
            world.startAgent();

            await().atMost(E2e.GENEROUS).until(() -> world.servers("be_api").containsKey(world.serverName("b1")));
            await().atMost(E2e.GENEROUS).until(() -> world.agent.loop().status().services().get(0).skippedEntries() == 1);
            assertThat(world.servers("be_api")).hasSize(1);
            assertThat(world.status("GET", "/status")).contains("\"skipped_entries\" : 1");
            assertThat(world.status("GET", "/metrics")).contains("ganglion_registry_skipped_entries{service=\"api\"} 1");
            assertThat(world.get()).isEqualTo(200);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void refusedCommandIsRetriedWithBackoffAndTheLoopGoesOn(BalancerTarget target, @TempDir Path dir) throws Exception {
        String badBackend = "\nbackend be_bad\n    balance roundrobin\n";
        try (World world = World.withExtraBackends(target, dir, badBackend, "b1", "b2", "x1")) {
            NerveRegistry bad = new NerveRegistry(world.curator, "/services/bad");
            bad.register("x1", world.backend("x1").port(), 1);
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.startAgent("""
                      - { service: bad, registry: zk, path: /services/bad, backend: be_bad, server_options: "bogus-keyword" }
                    """);
            AgentMetrics metrics = world.agent.metrics();

            await("refused twice: retried").atMost(E2e.GENEROUS)
                    .until(() -> metrics.count("ganglion_actions_total", "kind", "add", "result", "refused") >= 2);
            assertThat(world.agent.audit().entries()).filteredOn(e -> e.backend().equals("be_bad"))
                    .first().extracting(AuditEntry::result).asString()
                    .startsWith("'add server be_bad/" + NerveRegistry.serverName("x1", world.backend("x1").port())
                            + " 127.0.0.1:" + world.backend("x1").port() + " bogus-keyword weight 1' refused: unknown keyword 'bogus-keyword'");

            world.registry.register("b2", world.backend("b2").port(), 1);
            await("the other backend still follows its registry").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").containsKey(world.serverName("b2")));
            BackendStatus badStatus = world.agent.loop().status().services().get(1);
            assertThat(badStatus.error()).contains("unknown keyword 'bogus-keyword'");
            assertThat(world.servers("be_bad")).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void statusAndMetricsMatchTheActionsTaken(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2", "b3")) {
            for (String name : new String[] {"b1", "b2", "b3"}) {
                world.registry.register(name, world.backend(name).port(), 1);
            }
            world.startAgent();
            await().atMost(E2e.GENEROUS).until(() -> world.servers("be_api").size() == 3);
            world.registry.remove("b3");
            world.registry.reweight("b1", world.backend("b1").port(), 5);
            await("converged").atMost(E2e.GENEROUS).until(() -> {
                BackendStatus api = world.agent.loop().status().services().get(0);
                return api.converged() && api.actual().size() == 2;
            });

            String metrics = world.status("GET", "/metrics");
            assertThat(metrics)
                    .contains("ganglion_actions_total{kind=\"add\",result=\"ok\"} 3")
                    .contains("ganglion_actions_total{kind=\"drain\",result=\"ok\"} 1")
                    .contains("ganglion_actions_total{kind=\"delete\",result=\"ok\"} 1")
                    .contains("ganglion_actions_total{kind=\"weight\",result=\"ok\"} 1")
                    .contains("ganglion_registry_stale{service=\"api\"} 0")
                    .contains("ganglion_held_decisions{backend=\"be_api\",rule=\"shrink\"} 0")
                    .containsPattern("ganglion_reconcile_cycles_total [1-9][0-9]*")
                    .containsPattern("ganglion_convergence_seconds_count [1-9]");
            assertThat(world.agent.audit().entries()).filteredOn(e -> e.result().equals("ok")).hasSize(6);

            String status = world.status("GET", "/status");
            assertThat(status)
                    .contains("\"service\" : \"api\"", "\"backend\" : \"be_api\"", "\"registry\" : \"fresh\"", "\"converged\" : true")
                    .contains("\"" + world.serverName("b1") + " 127.0.0.1:" + world.backend("b1").port() + " 5\"")
                    .contains("\"name\" : \"" + world.serverName("b2") + "\"")
                    .doesNotContain(world.serverName("b3"))
                    .containsPattern("\"last_sync\" : \"20[0-9-]+T");
            assertThat(world.status("GET", "/audit?server=" + world.serverName("b3")))
                    .contains("\"action\" : \"add\"", "\"action\" : \"drain\"", "\"action\" : \"delete\"")
                    .doesNotContain(world.serverName("b1"));
        }
    }
}
