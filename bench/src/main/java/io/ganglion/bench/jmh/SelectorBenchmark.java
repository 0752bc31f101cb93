package io.ganglion.bench.jmh;

import io.ganglion.balancer.config.ServerSpec;
import io.ganglion.balancer.lb.BalanceAlgorithm;
import io.ganglion.balancer.lb.SelectionState;
import io.ganglion.balancer.lb.ServerSelector;
import io.ganglion.balancer.lb.ServerSelectors;
import io.ganglion.balancer.server.AdminState;
import io.ganglion.balancer.server.OperationalState;
import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerListener;
import io.ganglion.balancer.server.ServerOptions;
import io.ganglion.balancer.server.ServerSettings;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The cost of one server pick per algorithm, with 3 and 10,000 servers of mixed weights: the data
 * path runs it once per request or connection, so it should not grow with the server count for
 * {@code roundrobin}, {@code leastconn} and {@code random}. {@link #pickAndRelease} adds what the
 * data path does around a pick: the connection taken and given back, which moves the server in
 * leastconn's order.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class SelectorBenchmark {
    private static final ServerListener IGNORED = new ServerListener() {
        @Override
        public void serverChanged(Server server, ServerSettings before, ServerSettings after, String cause) {
        }

        @Override
        public void slotReleased(Server server) {
        }
    };
    private static final Predicate<Server> ANY = s -> true;

    @Param({"3", "10000"})
    public int servers;

    @Param({"ROUNDROBIN", "LEASTCONN", "RANDOM", "SOURCE"})
    public BalanceAlgorithm algorithm;

    private ServerSelector selector;
    private InetAddress client;

    @Setup
    public void build() throws Exception {
        List<Server> candidates = new ArrayList<>(servers);
        int[] weights = new int[servers];
        for (int i = 0; i < servers; i++) {
            weights[i] = 1 + i % 4;
            ServerSpec spec = ServerSpec.DEFAULTS.forServer("s" + i, "127.0.0.1", 8000, null)
                    .with(ServerOptions.WEIGHT, weights[i]);
            ServerSettings settings = new ServerSettings(new InetSocketAddress("127.0.0.1", 8000), weights[i],
                    AdminState.READY, OperationalState.UP, false, 0, 0, null);
            candidates.add(new Server("be", i + 1, spec, settings, IGNORED));
        }
        selector = ServerSelectors.create(algorithm, candidates, weights, new SelectionState());
        client = InetAddress.getByName("10.1.2.3");
    }

    @Benchmark
    public Server pick() {
        return selector.pick(client, ANY);
    }

    @Benchmark
    public Server pickAndRelease() {
        Server s = selector.pick(client, ANY);
        s.tryAcquireSlot();
        selector.connectionsChanged(s);
        s.releaseSlotQuietly();
        selector.connectionsChanged(s);
        return s;
    }
}
