package io.ganglion.agent.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.ganglion.runtime.ServerState;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Acceptance 7: 20 services × 10 instances, 1,000 random add/remove/reweight events in bursts of
 * 20; after each burst the balancer equals the registry, server by server (name, address, port,
 * weight, ready). Prints the convergence time per burst (p50/p99); the figure is the benchmarks'
 * business, so nothing here asserts on it.
 */
class ChurnTest {

    private static final int SERVICES = 20;
    private static final int INSTANCES = 10;
    private static final int EVENTS = 1000;
    private static final int BURST = 20;

    /** What the registry holds for one instance: the server the agent must show for it. */
    private record Instance(String name, int port, int weight) {
        String server() {
            return NerveRegistry.serverName(name, port);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.ganglion.agent.e2e.E2e#targets")
    void afterEveryBurstTheBalancerEqualsTheRegistry(BalancerTarget target, @TempDir Path dir) throws Exception {
        String backends = IntStream.range(0, SERVICES)
                .mapToObj(s -> "\nbackend be_s" + s + "\n    balance roundrobin\n").collect(Collectors.joining());
        String watches = IntStream.range(0, SERVICES)
                .mapToObj(s -> "  - { service: s" + s + ", registry: zk, path: /churn/s" + s + ", backend: be_s" + s + " }\n")
                .collect(Collectors.joining());
        try (World world = World.withExtraBackends(target, dir, backends)) {
            Random random = new Random(20260101);
            List<NerveRegistry> registries = new ArrayList<>();
            List<Map<String, Instance>> registered = new ArrayList<>();
            int[] nextPort = {20_000};
            for (int s = 0; s < SERVICES; s++) {
                NerveRegistry registry = new NerveRegistry(world.curator, "/churn/s" + s);
                Map<String, Instance> instances = new HashMap<>();
                for (int i = 0; i < INSTANCES; i++) {
                    Instance instance = new Instance("s" + s + "i" + i, nextPort[0]++, 1);
                    registry.register(instance.name(), instance.port(), instance.weight());
                    instances.put(instance.name(), instance);
                }
                registries.add(registry);
                registered.add(instances);
            }
            world.startAgent(watches);
            awaitEqual(world, registered);

            List<Long> convergenceMillis = new ArrayList<>();
            int[] counter = {SERVICES * INSTANCES};
            for (int event = 0; event < EVENTS; event += BURST) {
                for (int e = 0; e < BURST; e++) {
                    int s = random.nextInt(SERVICES);
                    churn(random, registries.get(s), registered.get(s), "s" + s + "i", counter, nextPort);
                }
                long started = System.nanoTime();
                awaitEqual(world, registered);
                convergenceMillis.add((System.nanoTime() - started) / 1_000_000);
            }
            Collections.sort(convergenceMillis);
            System.out.printf("[%s] churn: %d events in %d bursts, convergence per burst p50 %d ms, p99 %d ms, max %d ms%n",
                    target.name(), EVENTS, convergenceMillis.size(), percentile(convergenceMillis, 50),
                    percentile(convergenceMillis, 99), convergenceMillis.get(convergenceMillis.size() - 1));
            assertThat(convergenceMillis).hasSize(EVENTS / BURST);
        }
    }

    /** One random event, keeping each service between 5 and 15 instances. */
    private static void churn(Random random, NerveRegistry registry, Map<String, Instance> instances, String prefix,
                              int[] counter, int[] nextPort) throws Exception {
        int kind = random.nextInt(3);
        List<Instance> current = new ArrayList<>(instances.values());
        current.sort((a, b) -> a.name().compareTo(b.name()));
        if (kind == 0 && instances.size() < 15 || instances.size() <= 5) {
            Instance added = new Instance(prefix + counter[0]++, nextPort[0]++, 1 + random.nextInt(10));
            registry.register(added.name(), added.port(), added.weight());
            instances.put(added.name(), added);
        } else if (kind == 1) {
            Instance removed = current.get(random.nextInt(current.size()));
            registry.remove(removed.name());
            instances.remove(removed.name());
        } else {
            Instance old = current.get(random.nextInt(current.size()));
            Instance reweighted = new Instance(old.name(), old.port(), 1 + random.nextInt(10));
            registry.reweight(old.name(), old.port(), reweighted.weight());
            instances.put(old.name(), reweighted);
        }
    }

    private static void awaitEqual(World world, List<Map<String, Instance>> registered) {
        await("balancer equals registry").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(20))
                .until(() -> differences(world, registered).isEmpty());
    }

    /** Every server-by-server difference, e.g. {@code be_s3: extra g-s3i7_127.0.0.1:20037}. */
    private static List<String> differences(World world, List<Map<String, Instance>> registered) {
        Map<String, Map<String, ServerState>> actual = new HashMap<>();
        for (ServerState state : world.socket().showServersState()) {
            actual.computeIfAbsent(state.backendName(), b -> new HashMap<>()).put(state.serverName(), state);
        }
        List<String> differences = new ArrayList<>();
        for (int s = 0; s < registered.size(); s++) {
            String backend = "be_s" + s;
            Map<String, ServerState> servers = new HashMap<>(actual.getOrDefault(backend, Map.of()));
            for (Instance instance : registered.get(s).values()) {
                ServerState state = servers.remove(instance.server());
                if (state == null) {
                    differences.add(backend + ": missing " + instance.server());
                } else if (state.port() != instance.port() || state.userWeight() != instance.weight()
                        || state.inMaintenance() || state.draining() || !state.address().equals("127.0.0.1")) {
                    differences.add(backend + ": differs " + instance.server());
                }
            }
            servers.keySet().forEach(extra -> differences.add(backend + ": extra " + extra));
        }
        return differences;
    }

    private static long percentile(List<Long> sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }
}
