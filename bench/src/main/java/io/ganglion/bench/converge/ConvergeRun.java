package io.ganglion.bench.converge;

import io.ganglion.agent.Shutdown;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.backend.ObservedServer;
import io.ganglion.bench.load.WarmUp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;

/**
 * One target's run of the {@code converge} benchmark: a real ZooKeeper (in-process), two
 * instances that stay registered throughout and a pool of servers for the instances that come
 * and go, all HTTP backends observed from their side; the target's way of following the
 * registry; steady load through the balancer's frontend; then the changes, timed one by one.
 * Everything it starts is stopped when it returns.
 */
public final class ConvergeRun {
    /** The service's path in ZooKeeper, in the SmartStack layout (one child per instance). */
    public static final String SERVICE_PATH = "/nerve/services/api/services";
    private static final int STEADY_INSTANCES = 2;
    private static final int POOL = 6;
    private static final Duration READY_LIMIT = Duration.ofSeconds(60);

    /** How a target makes its balancer follow the registry: started once the steady instances are registered. */
    @FunctionalInterface
    public interface Follower {
        AutoCloseable start(String zooKeeperConnect, String servicePath) throws Exception;
    }

    /**
     * The CPU time so far of the JIT compilers of the target's balancer and of its agent (0 where
     * there is no JVM): a JVM still compiling takes the cores its next change waits for.
     */
    public record JitClocks(LongSupplier balancer, LongSupplier agent) {
        public static final JitClocks NONE = new JitClocks(() -> 0, () -> 0);
    }

    /**
     * @param changes       the changes whose times count
     * @param warmup        changes made first, under the same load, whose times do not count (JIT, caches)
     * @param rate          requests per second of the load
     * @param changeLimit   how long one change may take before the run gives up
     * @param trafficWarmup the least load and changes before the {@code --converge-warmup} ones
     *                      ({@code --warmup}); more until the compilers are quiet ({@link WarmUp})
     */
    public record Settings(int changes, int warmup, int rate, Duration changeLimit, Duration trafficWarmup) {
        public Settings {
            if (changes < 1) {
                throw new IllegalArgumentException("--converge-changes must be at least 1, got " + changes);
            }
            // Whole cycles of add, weight out, weight in, remove: the measured changes start with an add.
            warmup = Math.max(0, warmup + ChangeKind.values().length - 1) / ChangeKind.values().length
                    * ChangeKind.values().length;
        }
    }

    /**
     * @param measured         the changes that count, in order
     * @param changesUnderLoad every change made while the load ran (warm-up included)
     * @param answered         requests answered with a 2xx during the load
     * @param failed           requests that failed during the load
     * @param failures         the failures by reason
     * @param warmUp           the load and untimed changes before the {@code --converge-warmup} ones
     * @param balancerJitNanos the balancer's compilers' CPU time during the timed changes
     * @param agentJitNanos    the agent's compilers' CPU time during the timed changes
     */
    public record Outcome(List<TimedChange> measured, int changesUnderLoad, long answered, long failed,
                          Map<String, Long> failures, WarmUp.Outcome warmUp, long balancerJitNanos, long agentJitNanos) {
    }

    private ConvergeRun() {
    }

    /**
     * Before the changes that count, the part's own work (the load, and changes made back to back)
     * runs until the compilers of the balancer and the agent are quiet, as a production sidecar has
     * been serving for hours when a registry change comes: without it, the timed changes met JVMs
     * still compiling their traffic and control paths (HAProxy needs no warm-up). Then the
     * {@code --converge-warmup} changes, as before.
     */
    public static Outcome run(Backends backends, Settings settings, int frontendPort, Follower follower,
                              JitClocks jit) throws Exception {
        try (Shutdown toClose = new Shutdown()) {
            TestingServer zooKeeper = toClose.add(new TestingServer(true));
            CuratorFramework curator = toClose.add(CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                    30_000, 10_000, new RetryOneTime(200)));
            curator.start();
            NerveWriter registry = new NerveWriter(curator, SERVICE_PATH);
            List<ObservedServer> servers = backends.startObserved(STEADY_INSTANCES + POOL);
            List<ObservedServer> steady = servers.subList(0, STEADY_INSTANCES);
            for (int i = 0; i < steady.size(); i++) {
                registry.register("steady" + i, steady.get(i).port(), 1);
            }
            toClose.add(follower.start(zooKeeper.getConnectString(), SERVICE_PATH));
            // Probe traffic until both steady instances answer; its failures (an empty backend) do not count.
            try (SteadyLoad probe = SteadyLoad.start(frontendPort, 100)) {
                await("the registered instances to answer through the balancer",
                        () -> steady.stream().allMatch(s -> s.requests() > 0));
            }
            ChangeScript script = new ChangeScript(registry, servers.subList(STEADY_INSTANCES, servers.size()),
                    new Reflection(steady, settings.changeLimit()));
            List<TimedChange> all;
            WarmUp.Outcome warmUp;
            long balancerJit;
            long agentJit;
            SteadyLoad load = SteadyLoad.start(frontendPort, settings.rate());
            try {
                await("the load to flow", () -> load.answered() + load.failed() >= Math.max(10, settings.rate() / 10));
                warmUp = WarmUp.run(settings.trafficWarmup(), length -> changesFor(script, load, length),
                        () -> jit.balancer().getAsLong() + jit.agent().getAsLong());
                List<TimedChange> untimed = script.play(settings.warmup());
                balancerJit = jit.balancer().getAsLong();
                agentJit = jit.agent().getAsLong();
                List<TimedChange> timed = script.play(settings.changes());
                balancerJit = jit.balancer().getAsLong() - balancerJit;
                agentJit = jit.agent().getAsLong() - agentJit;
                all = new ArrayList<>(untimed);
                all.addAll(timed);
            } finally {
                load.close();
            }
            return new Outcome(all.subList(settings.warmup(), all.size()), script.made(), load.answered(), load.failed(),
                    load.failures(), warmUp, balancerJit, agentJit);
        }
    }

    /**
     * A slice of the warm-up: whole cycles of changes (add, weight out and in, remove), untimed,
     * under the load for at least {@code length}; its figure is the load's rate meanwhile.
     */
    private static double changesFor(ChangeScript script, SteadyLoad load, Duration length) {
        long answered = load.answered();
        long start = System.nanoTime();
        try {
            do {
                script.play(ChangeKind.values().length);
            } while (System.nanoTime() - start < length.toNanos());
        } catch (Exception e) {
            throw new IllegalStateException("a warm-up change failed: " + e.getMessage(), e);
        }
        return (load.answered() - answered) * 1e9 / (System.nanoTime() - start);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + READY_LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + READY_LIMIT.toSeconds() + " s");
            }
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }
    }
}
