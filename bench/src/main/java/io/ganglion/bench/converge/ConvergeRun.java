package io.ganglion.bench.converge;

import io.ganglion.agent.Shutdown;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.backend.ObservedServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
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
     * @param changes     the changes whose times count
     * @param warmup      changes made first, under the same load, whose times do not count (JIT, caches)
     * @param rate        requests per second of the load
     * @param changeLimit how long one change may take before the run gives up
     */
    public record Settings(int changes, int warmup, int rate, Duration changeLimit) {
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
     */
    public record Outcome(List<TimedChange> measured, int changesUnderLoad, long answered, long failed,
                          Map<String, Long> failures) {
    }

    private ConvergeRun() {
    }

    public static Outcome run(Backends backends, Settings settings, int frontendPort, Follower follower) throws Exception {
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
            SteadyLoad load = SteadyLoad.start(frontendPort, settings.rate());
            try {
                await("the load to flow", () -> load.answered() + load.failed() >= Math.max(10, settings.rate() / 10));
                all = script.play(settings.warmup() + settings.changes());
            } finally {
                load.close();
            }
            return new Outcome(all.subList(settings.warmup(), all.size()), all.size(), load.answered(), load.failed(),
                    load.failures());
        }
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
