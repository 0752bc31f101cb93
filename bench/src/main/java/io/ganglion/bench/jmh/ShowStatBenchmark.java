package io.ganglion.bench.jmh;

import io.ganglion.balancer.Balancer;
import io.ganglion.balancer.config.AccessLevel;
import io.ganglion.balancer.config.ConfigParser;
import io.ganglion.balancer.stats.ShowStat;
import io.ganglion.balancer.stats.StatRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of a whole {@code show stat} answer (CSV, as the socket sends it) for one backend of 3
 * and of 10,000 servers: it should grow linearly with the rows, at a few microseconds each. The
 * balancer runs with the backend only (no frontend, no stats socket, no check): nothing but the
 * dump is measured.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
public class ShowStatBenchmark {
    @Param({"3", "10000"})
    public int servers;

    private Balancer balancer;
    private final StatRequest all = StatRequest.all();

    @Setup
    public void start() throws Exception {
        StringBuilder config = new StringBuilder("global\n    maxconn 1000\n\nbackend be_stat\n    mode http\n");
        for (int i = 1; i <= servers; i++) {
            config.append("    server s").append(i).append(" 127.0.0.1:").append(10000 + i % 50000)
                    .append(" weight ").append(1 + i % 100).append('\n');
        }
        balancer = Balancer.start(ConfigParser.parse("show-stat-benchmark.cfg", config.toString()));
    }

    @TearDown
    public void stop() {
        balancer.close();
    }

    @Benchmark
    public int csv() {
        return ShowStat.answer(balancer, all, AccessLevel.ADMIN).length();
    }
}
