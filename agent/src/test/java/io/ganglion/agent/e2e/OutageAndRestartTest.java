package io.ganglion.agent.e2e;

import io.ganglion.balancer.testing.Ports;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.ServerState;
import io.ganglion.runtime.Weight;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 4 (ZooKeeper stopped for 10 s: nothing removed, traffic unaffected, convergence once
 * it is back; a Consul that never answered changes nothing; a Consul answer that drops to zero instances is
 * held, and the agent converges once they are back) and 5 (the agent killed with SIGKILL and restarted issues no command when nothing
 * changed, counted on the socket, and traffic does not notice; operators' overrides survive the restart).
 */
class OutageAndRestartTest {

    /** What a cycle may send when nothing needs to change: session set-up and the two reads. */
    private static final Set<String> READ_ONLY = Set.of("prompt", "show servers state be_api", "show stat be_api 4 -1", "quit");

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void zooKeeperOutageRemovesNothingAndTheAgentConvergesAfterwards(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2", "b3")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.register("b2", world.backend("b2").port(), 1);
            world.startAgent();
            await().atMost(E2e.GENEROUS).until(() -> world.servers("be_api").size() == 2);

            try (Load load = Load.start(world.frontendPort, 200)) {
                world.zooKeeper.stop();
                await("the watcher notices").atMost(E2e.GENEROUS)
                        .until(() -> world.status("GET", "/status").contains("\"registry\" : \"stale\""));
                await("10 s without ZooKeeper").pollInterval(Duration.ofMillis(250))
                        .during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(30))
                        .until(() -> world.servers("be_api").size() == 2);
                assertThat(world.status("GET", "/metrics")).contains("ganglion_registry_stale{service=\"api\"} 1");
                assertThat(staleness(world, "api")).as("seconds without a fresh answer").isGreaterThanOrEqualTo(10);

                world.zooKeeper.restart();
                world.registry.register("b3", world.backend("b3").port(), 1);
                await("converged after the outage").atMost(E2e.GENEROUS)
                        .until(() -> world.servers("be_api").containsKey(world.serverName("b3")));
                await("fresh again").atMost(E2e.GENEROUS).until(() -> staleness(world, "api") == 0);
                load.close();
                assertThat(load.failures()).isEmpty();
                assertThat(load.total()).isGreaterThan(1000);
            }
            assertThat(world.agent.audit().entries()).noneMatch(e -> e.action().equals("drain") || e.action().equals("delete"));
        }
    }

    /** {@code ganglion_registry_staleness_seconds} of a service, as {@code /metrics} shows it. */
    private static double staleness(World world, String service) throws Exception {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("ganglion_registry_staleness_seconds\\{service=\"" + service + "\"} (\\S+)")
                .matcher(world.status("GET", "/metrics"));
        if (!m.find()) {
            throw new AssertionError("no staleness gauge for " + service);
        }
        return Double.parseDouble(m.group(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void aConsulAnswerDroppingToZeroIsHeldAndTheAgentConvergesWhenTheInstancesAreBack(BalancerTarget target,
                                                                                      @TempDir Path dir) throws Exception {
        try (World world = World.start(target, ApiRegistry.CONSUL, dir, "b1", "b2", "b3")) {
            world.api.register("b1", world.backend("b1").port(), 1);
            world.api.register("b2", world.backend("b2").port(), 1);
            // Consul reports each deregistration and registration as its own index change, and the
            // watcher may see the steps between two and none: holding any loss of more than 40% holds
            // each of them (one of two gone), not only the empty answer. The confirm delay is long
            // enough that no held answer is believed while the test watches.
            world.startAgent("", "drain_timeout: 10s, confirm_delay: 10m, max_shrink_share: 0.4");
            await().atMost(E2e.GENEROUS).until(() -> world.servers("be_api").size() == 2);

            try (Load load = Load.start(world.frontendPort, 200)) {
                long indexBefore = world.consul.indexOf("api");
                world.api.remove("b1");
                world.api.remove("b2");
                // Three held decisions: the answer itself, and each of the two servers it would remove.
                await("the empty answer is held").atMost(E2e.GENEROUS)
                        .until(() -> world.status("GET", "/metrics"),
                                metrics -> metrics.contains("ganglion_held_decisions{backend=\"be_api\",rule=\"shrink\"} 3"));
                assertThat(world.consul.indexOf("api")).as("Consul answered fresh, with a newer index").isGreaterThan(indexBefore);
                assertThat(world.status("GET", "/status")).contains("\"registry\" : \"fresh\"")
                        .contains("drops 2 of 2 servers at once");
                long cycles = world.agent.loop().status().cycles();
                await("five cycles with the empty answer").atMost(E2e.GENEROUS)
                        .until(() -> world.agent.loop().status().cycles() >= cycles + 5);
                assertThat(world.servers("be_api")).as("nothing removed")
                        .containsOnlyKeys(world.serverName("b1"), world.serverName("b2"));
                long before = load.total();
                load.awaitTotal(before + 200);

                world.api.register("b1", world.backend("b1").port(), 1);
                world.api.register("b2", world.backend("b2").port(), 1);
                world.api.register("b3", world.backend("b3").port(), 1);
                await("converged once the instances are back").atMost(E2e.GENEROUS)
                        .until(() -> world.servers("be_api").containsKey(world.serverName("b3"))
                                && world.firstServiceConverged());
                assertThat(world.status("GET", "/metrics"))
                        .contains("ganglion_held_decisions{backend=\"be_api\",rule=\"shrink\"} 0");
                load.close();
                assertThat(load.failures()).isEmpty();
            }
            assertThat(world.agent.audit().entries()).noneMatch(e -> e.action().equals("drain") || e.action().equals("delete"));
        }
    }

    /**
     * Also issue 12, item 5: what operators set by hand (a weight, DRAIN, MAINT) and the agent's own
     * reweight are all read back from the balancer by the restarted agent: it keeps and shows the
     * overrides, takes its own weight for its own, sends nothing but reads, and {@code ctl release}
     * still hands a server back to it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void aKilledAndRestartedAgentKeepsEveryOverrideAndSendsNoCommandWhenNothingChanged(BalancerTarget target,
                                                                                     @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2", "b3", "b4");
             CountingProxy proxy = new CountingProxy(world.balancer.adminTcpPort())) {
            for (String name : List.of("b1", "b2", "b3", "b4")) {
                world.registry.register(name, world.backend(name).port(), 1);
            }
            String handWeighted = world.serverName("b1");
            String drained = world.serverName("b2");
            String inMaint = world.serverName("b3");
            String reweighted = world.serverName("b4");
            int statusPort = Ports.free();
            Path config = world.writeAgentConfig(world.agentYaml("127.0.0.1:" + proxy.port(), "")
                    .replace("status: 127.0.0.1:0", "status: 127.0.0.1:" + statusPort));
            Path log = dir.resolve("agent.log");

            AgentProcess first = AgentProcess.start(config, statusPort, log);
            await("first agent converged").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").size() == 4 && service(first).path("converged").asBoolean());
            assertThat(proxy.lines()).contains("show servers state be_api").anyMatch(line -> line.startsWith("add server"));
            world.registry.reweight("b4", world.backend("b4").port(), 3);
            await("the agent's own reweight").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").get(reweighted).userWeight() == 3);
            RuntimeClient operator = world.socket();
            operator.setServerWeight("be_api", handWeighted, Weight.absolute(50));
            operator.setServerState("be_api", drained, AdminState.DRAIN);
            operator.setServerState("be_api", inMaint, AdminState.MAINT);
            Map<String, String> handSet = Map.of(handWeighted, "weight 50", drained, "DRAIN", inMaint, "MAINT");
            await("the first agent's overrides").atMost(E2e.GENEROUS).until(() -> overrides(first), handSet::equals);

            try (Load load = Load.start(world.frontendPort, 200)) {
                load.awaitTotal(200);
                first.kill();
                proxy.clear();
                long before = load.total();
                try (AgentProcess second = AgentProcess.start(config, statusPort, log)) {
                    long cycles = second.cycles();
                    await("five cycles of the restarted agent").atMost(E2e.GENEROUS).until(() -> second.cycles() >= cycles + 5);
                    List<String> sent = proxy.lines();
                    assertThat(sent).as("lines the restarted agent sent").isNotEmpty().allMatch(READ_ONLY::contains);
                    Map<String, ServerState> servers = world.servers("be_api");
                    assertThat(servers.get(handWeighted).userWeight()).as("the operator's weight").isEqualTo(50);
                    assertThat(servers.get(drained).draining()).as("the operator's DRAIN").isTrue();
                    assertThat(servers.get(inMaint).inMaintenance()).as("the operator's MAINT").isTrue();
                    assertThat(servers.get(reweighted).userWeight()).as("the agent's own reweight").isEqualTo(3);
                    assertThat(overrides(second)).as("overrides the restarted agent read back").isEqualTo(handSet);
                    assertThat(second.get("/audit?backend=be_api&server=" + handWeighted))
                            .as("the restarted agent's audit trail").contains("\"action\" : \"override\"", "\"detail\" : \"weight 50\"");

                    for (String server : List.of(handWeighted, drained)) {
                        CtlRun release = CtlRun.of("--agent", second.statusAddress(), "release", "be_api/" + server);
                        assertThat(release.status()).as("ctl release: %s", release.err()).isZero();
                    }
                    await("released servers handed back").atMost(E2e.GENEROUS).until(() -> {
                        Map<String, ServerState> now = world.servers("be_api");
                        return now.get(handWeighted).userWeight() == 1 && !now.get(drained).draining();
                    });
                    assertThat(overrides(second)).containsOnlyKeys(inMaint);
                }
                load.awaitTotal(before + 200);
                load.close();
                assertThat(load.failures()).isEmpty();
            }
            assertThat(world.servers("be_api")).containsOnlyKeys(handWeighted, drained, inMaint, reweighted);
        }
    }

    /** The agent's {@code /status} entry for service {@code api}. */
    private static JsonNode service(AgentProcess agent) throws Exception {
        return new ObjectMapper().readTree(agent.get("/status")).path("services").path(0);
    }

    /** The overrides the agent shows, by server: {@code DRAIN}, {@code MAINT}, {@code weight 50}, or both. */
    private static Map<String, String> overrides(AgentProcess agent) throws Exception {
        Map<String, String> byServer = new HashMap<>();
        for (JsonNode override : service(agent).path("overrides")) {
            String mode = override.path("mode").isNull() ? "" : override.path("mode").asText();
            int weight = override.path("weight").asInt();
            byServer.put(override.path("server").asText(), (mode + (weight < 0 ? "" : " weight " + weight)).strip());
        }
        return byServer;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void aConsulThatNeverAnsweredChangesNothing(BalancerTarget target, @TempDir Path dir) throws Exception {
        int closedPort = Ports.free();
        String db = "\nbackend be_db\n    balance roundrobin\n    server g-earlier 127.0.0.1:%d\n".formatted(closedPort);
        try (World world = World.withExtraBackends(target, dir, db, "b1")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.startAgent("""
                      - { service: db, registry: consul, name: db, backend: be_db }
                    """);
            await().atMost(E2e.GENEROUS).until(() -> world.servers("be_api").containsKey(world.serverName("b1")));
            long cycles = world.agent.loop().status().cycles();
            await().atMost(E2e.GENEROUS).until(() -> world.agent.loop().status().cycles() >= cycles + 3);

            assertThat(world.servers("be_db")).containsOnlyKeys("g-earlier");
            assertThat(world.status("GET", "/status")).contains("\"registry\" : \"never-answered\"");
            assertThat(world.status("GET", "/metrics"))
                    .contains("ganglion_held_decisions{backend=\"be_db\",rule=\"never-answered\"} 1")
                    .contains("ganglion_registry_stale{service=\"db\"} 1");
        }
    }
}
