package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.ServerState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 1, 3 and 10: three instances registered in Nerve's JSON (or in the Consul double,
 * through blocking queries, with tags and weights) get traffic; under steady load, removing one,
 * changing a weight and changing an address each take effect with zero failed requests; an operator's maintenance survives the agent's cycles until released; the audit trail
 * names the registry revision behind each add and remove.
 */
class ZeroFailureScenarioTest {

    @ParameterizedTest(name = "{0} with {1}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targetsAndRegistries")
    void removeReweightAndReaddressUnderLoadWithoutAFailedRequest(BalancerTarget target, ApiRegistry registry,
                                                                  @TempDir Path dir) throws Exception {
        try (World world = World.start(target, registry, dir, "b1", "b2", "b3", "b4")) {
            for (String name : List.of("b1", "b2", "b3")) {
                world.api.register(name, world.backend(name).port(), 1);
            }
            List<String> strangers = registerStrangers(world);
            String moved = world.api.agentServerName("b2", world.backend("b4").port());
            long started = System.nanoTime();
            world.startAgent();
            await("three servers in be_api").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").keySet(), names -> names.containsAll(
                            List.of(world.serverName("b1"), world.serverName("b2"), world.serverName("b3"))));
            System.out.printf("[%s, %s] three instances in the balancer %d ms after the agent started%n",
                    target.name(), registry, (System.nanoTime() - started) / 1_000_000);
            for (int i = 0; i < 3; i++) {
                assertThat(world.get()).isEqualTo(200);
            }
            assertThat(world.backends.values().stream().limit(3)).allSatisfy(b -> assertThat(b.requests()).isPositive());

            try (Load load = Load.start(world.frontendPort, 300)) {
                load.awaitMore(250);

                // Remove b3: drained, deleted, and no new request reaches it afterwards.
                world.api.remove("b3");
                await("b3 deleted").atMost(E2e.GENEROUS).until(() -> !world.servers("be_api").containsKey(world.serverName("b3")));
                long b3Requests = world.backend("b3").requests();
                load.awaitMore(250);
                assertThat(world.backend("b3").requests()).as("requests to b3 after it was removed").isEqualTo(b3Requests);

                // Reweight b1 to 4: it takes about four times b2's share.
                world.api.reweight("b1", world.backend("b1").port(), 4);
                await("b1 weight 4").atMost(E2e.GENEROUS)
                        .until(() -> world.servers("be_api").get(world.serverName("b1")).userWeight() == 4);
                long b1Before = world.backend("b1").requests();
                long b2Before = world.backend("b2").requests();
                load.awaitMore(500);
                long b1Share = world.backend("b1").requests() - b1Before;
                long b2Share = world.backend("b2").requests() - b2Before;
                assertThat(b1Share).as("b1 (weight 4) vs b2 (weight 1): %d vs %d", b1Share, b2Share).isGreaterThan(2 * b2Share);
                assertThat(world.backend("b4").requests()).as("b4 is nobody's address yet").isZero();

                // b2 moves to b4's port: the new address gets traffic, the old one is drained away.
                int oldPort = world.backend("b2").port();
                int newPort = world.backend("b4").port();
                world.api.move("b2", newPort, 1);
                await("b2 at its new address").atMost(E2e.GENEROUS).until(() -> {
                    var servers = world.servers("be_api");
                    return servers.containsKey(moved) && servers.get(moved).port() == newPort
                            && servers.values().stream().noneMatch(s -> s.port() == oldPort);
                });
                load.awaitMore(250);
                assertThat(world.backend("b4").requests()).isPositive();

                load.close();
                System.out.printf("[%s, %s] %d requests at %.0f/s, %d failed%n", target.name(), registry, load.total(),
                        load.rate(), load.failed());
                assertThat(load.failures()).isEmpty();
                assertThat(load.failed()).isZero();
                assertThat(load.rate()).isGreaterThanOrEqualTo(200);
            }
            assertThat(world.servers("be_api").keySet()).as("instances without the watched tags")
                    .noneMatch(strangers::contains);

            List<AuditEntry> audit = world.agent.audit().entries();
            String cause = "registry: api at " + world.api.revisionName() + " [0-9]+";
            assertThat(audit).filteredOn(e -> e.action().equals("add"))
                    .extracting(AuditEntry::server)
                    .contains(world.serverName("b1"), world.serverName("b2"), world.serverName("b3"), moved);
            assertThat(audit).filteredOn(e -> List.of("add", "drain", "delete", "weight", "address").contains(e.action()))
                    .allSatisfy(e -> assertThat(e.cause()).matches(cause))
                    .allSatisfy(e -> assertThat(e.result()).isEqualTo("ok"));
            assertThat(audit).filteredOn(e -> e.server().equals(world.serverName("b3")))
                    .extracting(AuditEntry::action).containsExactly("add", "drain", "delete");
            assertThat(audit).filteredOn(e -> e.server().equals(moved)).extracting(AuditEntry::action)
                    .as("the move: re-addressed in place, or a new server")
                    .contains(world.api.movesInPlace() ? "address" : "add");
        }
    }

    /**
     * In Consul, instances of {@code api} that carry only some of the watched tags, at b4's address:
     * the agent must not add them (b4 gets no request before the move). None in ZooKeeper, which has no tags.
     */
    private static List<String> registerStrangers(World world) {
        if (!(world.api instanceof ConsulInstances consul)) {
            return List.of();
        }
        int port = world.backend("b4").port();
        consul.put("only-primary", port, 1, List.of("primary"));
        consul.put("only-v2", port, 1, List.of("v2", "canary"));
        return List.of(consul.agentServerName("only-primary", port), consul.agentServerName("only-v2", port));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void operatorMaintenanceSurvivesCyclesUntilReleased(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2")) {
            world.registry.register("b1", world.backend("b1").port(), 1);
            world.registry.register("b2", world.backend("b2").port(), 1);
            world.startAgent();
            String b1 = world.serverName("b1");
            await("converged").atMost(E2e.GENEROUS).until(() -> world.servers("be_api").size() == 2
                    && world.firstServiceConverged());

            world.socket().setServerState("be_api", b1, AdminState.MAINT);
            long cycles = world.agent.loop().status().cycles();
            await("three more cycles").atMost(E2e.GENEROUS).until(() -> world.agent.loop().status().cycles() >= cycles + 3);

            assertThat(world.servers("be_api").get(b1).inMaintenance()).as("the operator's MAINT is kept").isTrue();
            assertThat(world.status("GET", "/status")).contains("\"overrides\"").contains("\"server\" : \"" + b1 + "\"")
                    .contains("\"mode\" : \"MAINT\"");
            long b1Requests = world.backend("b1").requests();
            for (int i = 0; i < 4; i++) {
                assertThat(world.get()).isEqualTo(200);
            }
            assertThat(world.backend("b1").requests()).as("no traffic to a server in maintenance").isEqualTo(b1Requests);

            // ganglion ctl, as an operator runs it: release and audit go to the agent, no -s needed.
            String agentAddress = "127.0.0.1:" + world.agent.statusAddress().getPort();
            CtlRun release = CtlRun.of("--agent", agentAddress, "release", "be_api/" + b1);
            assertThat(release.status()).as("ctl release: %s", release.err()).isZero();
            assertThat(release.out()).contains("be_api/" + b1);
            await("b1 handed back and ready").atMost(E2e.GENEROUS).until(() -> {
                ServerState state = world.servers("be_api").get(b1);
                return !state.inMaintenance() && !state.draining();
            });
            assertThat(world.agent.audit().entries()).filteredOn(e -> e.server().equals(b1))
                    .extracting(AuditEntry::action).containsSubsequence("add", "release", "ready");
            CtlRun audit = CtlRun.of("--agent", agentAddress, "audit", "be_api/" + b1);
            assertThat(audit.status()).as("ctl audit: %s", audit.err()).isZero();
            assertThat(audit.out()).contains("\"action\" : \"release\"", "\"cause\" : \"operator: released to the agent\"")
                    .doesNotContain("\"server\" : \"" + world.serverName("b2") + "\"");
            assertThat(CtlRun.of("--agent", agentAddress, "audit").out()).as("the whole trail")
                    .contains("\"server\" : \"" + world.serverName("b2") + "\"");
            CtlRun unknownBackend = CtlRun.of("--agent", agentAddress, "release", "be_nope/x");
            assertThat(unknownBackend.status()).isEqualTo(1);
            assertThat(unknownBackend.err()).contains("answered 404: the agent does not fill backend 'be_nope'");
            assertThat(CtlRun.of("--agent", agentAddress, "release", "no-slash").status()).isEqualTo(2);
            CtlRun balancerCommand = CtlRun.of("-s", world.balancer.adminSocket().toString(), "get", "weight", "be_api/" + b1);
            assertThat(balancerCommand.out()).as("other ctl forms still go to the socket").startsWith("1 (initial 1)");
        }
    }
}
