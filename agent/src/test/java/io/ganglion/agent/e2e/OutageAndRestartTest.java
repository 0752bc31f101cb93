package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 4 (ZooKeeper stopped for 10 s: nothing removed, traffic unaffected, convergence once
 * it is back) and 5 (the agent killed with SIGKILL and restarted issues no command when nothing
 * changed, counted on the socket, and traffic does not notice).
 */
class OutageAndRestartTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    /** What a cycle may send when nothing needs to change: session set-up and the two reads. */
    private static final Set<String> READ_ONLY = Set.of("prompt", "show servers state", "show stat", "quit");

    static Stream<BalancerTarget> targets() {
        return BalancerTarget.ALL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void zooKeeperOutageRemovesNothingAndTheAgentConvergesAfterwards(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2", "b3")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.register("b2", world.backend("b2").port(), 1);
            world.startAgent();
            await().atMost(GENEROUS).until(() -> world.servers("be_api").size() == 2);

            try (Load load = Load.start(world.frontendPort, 200)) {
                world.zooKeeper.stop();
                await("the watcher notices").atMost(GENEROUS)
                        .until(() -> world.status("GET", "/status").contains("\"registry\" : \"stale\""));
                await("10 s without ZooKeeper").pollInterval(Duration.ofMillis(250))
                        .during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30))
                        .until(() -> world.servers("be_api").size() == 2);
                assertThat(world.status("GET", "/metrics")).contains("ganglion_registry_stale{service=\"api\"} 1");

                world.zooKeeper.restart();
                world.registry.register("b3", world.backend("b3").port(), 1);
                await("converged after the outage").atMost(GENEROUS)
                        .until(() -> world.servers("be_api").containsKey(world.serverName("b3")));
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.total()).isGreaterThan(1000);
            }
            assertThat(world.agent.audit().entries()).noneMatch(e -> e.action().equals("drain") || e.action().equals("delete"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void aKilledAndRestartedAgentSendsNoCommandWhenNothingChanged(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2");
             CountingProxy proxy = new CountingProxy(world.balancer.adminTcpPort())) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.register("b2", world.backend("b2").port(), 3);
            int statusPort = Ports.free();
            Path config = world.writeAgentConfig(world.agentYaml("127.0.0.1:" + proxy.port(), "")
                    .replace("status: 127.0.0.1:0", "status: 127.0.0.1:" + statusPort));
            Path log = dir.resolve("agent.log");

            AgentProcess first = AgentProcess.start(config, statusPort, log);
            await("first agent converged").atMost(GENEROUS).until(() -> world.servers("be_api").size() == 2
                    && world.servers("be_api").get(world.serverName("b2")).userWeight() == 3);
            assertThat(proxy.lines()).contains("show servers state").anyMatch(line -> line.startsWith("add server"));

            try (Load load = Load.start(world.frontendPort, 200)) {
                awaitAtLeast(load, 200);
                first.kill();
                proxy.clear();
                long before = load.total();
                try (AgentProcess second = AgentProcess.start(config, statusPort, log)) {
                    long cycles = second.cycles();
                    await("five cycles of the restarted agent").atMost(GENEROUS).until(() -> second.cycles() >= cycles + 5);
                    List<String> sent = proxy.lines();
                    assertThat(sent).as("lines the restarted agent sent").isNotEmpty().allMatch(READ_ONLY::contains);
                }
                awaitAtLeast(load, before + 200);
                load.close();
                assertThat(load.failures()).isEmpty();
            }
            assertThat(world.servers("be_api")).containsOnlyKeys(world.serverName("b1"), world.serverName("b2"));
        }
    }

    private static void awaitAtLeast(Load load, long total) {
        await().atMost(GENEROUS).until(() -> load.total() >= total);
    }
}
