package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.cli.AgentCtl;
import io.ganglion.runtime.ServerState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 1 and 10: three instances registered in Nerve's JSON get traffic; under steady load,
 * removing one, changing a weight and changing an address each take effect with zero failed
 * requests; an operator's maintenance survives the agent's cycles until released; the audit trail
 * names the registry revision behind each add and remove.
 */
class ZeroFailureScenarioTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void removeReweightAndReaddressUnderLoadWithoutAFailedRequest(BalancerTarget target, @TempDir Path dir) throws Exception {
        try (World world = World.start(target, dir, "b1", "b2", "b3", "b4")) {
            for (String name : List.of("b1", "b2", "b3")) {
                world.registry.register(name, world.backend(name).port(), 1);
            }
            long started = System.nanoTime();
            world.startAgent();
            await("three servers in be_api").atMost(E2e.GENEROUS)
                    .until(() -> world.servers("be_api").keySet(), names -> names.containsAll(
                            List.of(world.serverName("b1"), world.serverName("b2"), world.serverName("b3"))));
            System.out.printf("[%s] three instances in the balancer %d ms after the agent started%n",
                    target.name(), (System.nanoTime() - started) / 1_000_000);
            for (int i = 0; i < 3; i++) {
                assertThat(world.get()).isEqualTo(200);
            }
            assertThat(world.backends.values().stream().limit(3)).allSatisfy(b -> assertThat(b.requests()).isPositive());

            try (Load load = Load.start(world.frontendPort, 300)) {
                load.awaitMore(250);

                // Remove b3: drained, deleted, and no new request reaches it afterwards.
                world.registry.remove("b3");
                await("b3 deleted").atMost(E2e.GENEROUS).until(() -> !world.servers("be_api").containsKey(world.serverName("b3")));
                long b3Requests = world.backend("b3").requests();
                load.awaitMore(250);
                assertThat(world.backend("b3").requests()).as("requests to b3 after it was removed").isEqualTo(b3Requests);

                // Reweight b1 to 4: it takes about four times b2's share.
                world.registry.reweight("b1", world.backend("b1").port(), 4);
                await("b1 weight 4").atMost(E2e.GENEROUS)
                        .until(() -> world.servers("be_api").get(world.serverName("b1")).userWeight() == 4);
                long b1Before = world.backend("b1").requests();
                long b2Before = world.backend("b2").requests();
                load.awaitMore(500);
                long b1Share = world.backend("b1").requests() - b1Before;
                long b2Share = world.backend("b2").requests() - b2Before;
                assertThat(b1Share).as("b1 (weight 4) vs b2 (weight 1): %d vs %d", b1Share, b2Share).isGreaterThan(2 * b2Share);

                // b2 moves to b4's port: the new address gets traffic, the old one is drained away.
                world.registry.move("b2", world.backend("b4").port(), 1);
                String moved = NerveRegistry.serverName("b2", world.backend("b4").port());
                await("b2 at its new address").atMost(E2e.GENEROUS).until(() -> {
                    var servers = world.servers("be_api");
                    return servers.containsKey(moved) && !servers.containsKey(world.serverName("b2"));
                });
                load.awaitMore(250);
                assertThat(world.backend("b4").requests()).isPositive();

                load.close();
                System.out.printf("[%s] %d requests at %.0f/s, %d failed%n", target.name(), load.total(), load.rate(), load.failed());
                assertThat(load.failures()).isEmpty();
                assertThat(load.failed()).isZero();
                assertThat(load.rate()).isGreaterThanOrEqualTo(200);
            }

            List<AuditEntry> audit = world.agent.audit().entries();
            assertThat(audit).filteredOn(e -> e.action().equals("add"))
                    .extracting(AuditEntry::server)
                    .contains(world.serverName("b1"), world.serverName("b2"), world.serverName("b3"),
                            NerveRegistry.serverName("b2", world.backend("b4").port()));
            assertThat(audit).filteredOn(e -> List.of("add", "drain", "delete").contains(e.action()))
                    .allSatisfy(e -> assertThat(e.cause()).matches("registry: api at zxid [0-9]+"))
                    .allSatisfy(e -> assertThat(e.result()).isEqualTo("ok"));
            assertThat(audit).filteredOn(e -> e.server().equals(world.serverName("b3")))
                    .extracting(AuditEntry::action).containsExactly("add", "drain", "delete");
        }
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
                    && world.agent.loop().status().services().get(0).converged());

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

            String agentAddress = "127.0.0.1:" + world.agent.statusAddress().getPort();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            assertThat(AgentCtl.release(agentAddress, "be_api/" + b1, new PrintStream(out, true), new PrintStream(err, true)))
                    .as("ctl release: %s", err).isZero();
            assertThat(out.toString()).contains("be_api/" + b1);
            await("b1 handed back and ready").atMost(E2e.GENEROUS).until(() -> {
                ServerState state = world.servers("be_api").get(b1);
                return !state.inMaintenance() && !state.draining();
            });
            assertThat(world.agent.audit().entries()).filteredOn(e -> e.server().equals(b1))
                    .extracting(AuditEntry::action).containsSubsequence("add", "release", "ready");
            out.reset();
            assertThat(AgentCtl.audit(agentAddress, "be_api/" + b1, new PrintStream(out, true), new PrintStream(err, true))).isZero();
            assertThat(out.toString()).contains("\"action\" : \"release\"", "\"cause\" : \"operator: released to the agent\"");
            assertThat(AgentCtl.release(agentAddress, "be_nope/x", new PrintStream(out, true), new PrintStream(err, true))).isEqualTo(1);
            assertThat(err.toString()).contains("answered 404: the agent does not fill backend 'be_nope'");
            assertThat(AgentCtl.release(agentAddress, "no-slash", new PrintStream(out, true), new PrintStream(err, true))).isEqualTo(2);
        }
    }
}
