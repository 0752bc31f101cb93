package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.load.WarmUp;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.load.WrkResult;
import io.ganglion.bench.balancers.ProcessTree;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One measured wrk run and what the balancer spent during it.
 *
 * @param cpuNanos      CPU time of the balancer's process tree during the run (0 for the direct run)
 * @param compilerNanos of which its JIT compiler threads' (a JVM's; 0 for HAProxy)
 * @param rssBytes      the tree's resident memory right after the run (0 for the direct run)
 */
record HttpRun(WrkResult wrk, long cpuNanos, long compilerNanos, long rssBytes) {
    double cpuMicrosPerRequest() {
        return cpuNanos / 1e3 / wrk.requests();
    }

    /**
     * The JIT compilers' share of {@link #cpuMicrosPerRequest}: on a busy machine a JVM can still be
     * compiling after the warm-up (measured: 30 us per request of C2 in the three 10 s windows after
     * a 10 s warm-up at load 16, against 22 us of the event loops once compiled), and the CPU per
     * request then measures the compiler more than the data path.
     */
    double compilerMicrosPerRequest() {
        return compilerNanos / 1e3 / wrk.requests();
    }

    /** CPU time over wall time, in percent of one core. */
    double cpuPercent() {
        return cpuNanos / 1e9 / wrk.seconds() * 100;
    }

    /** A warm-up (not recorded), then {@code runs} measured runs against {@code port}. */
    static List<HttpRun> measure(BenchContext ctx, Wrk wrk, int port, boolean close, Optional<ProcessTree> tree) {
        warmUp(ctx, wrk, port, close, tree);
        List<HttpRun> runs = new ArrayList<>();
        for (int i = 0; i < ctx.options().runs(); i++) {
            runs.add(once(ctx, wrk, port, close, tree));
        }
        return runs;
    }

    /** Load, not recorded, until the compilers are quiet: WarmUp says why. */
    static void warmUp(BenchContext ctx, Wrk wrk, int port, boolean close, Optional<ProcessTree> tree) {
        BenchOptions o = ctx.options();
        WarmUp.run(o.warmup(), slice -> wrk.run(port, o.threads(), o.connections(), slice, close).requestsPerSecond(),
                () -> tree.map(ProcessTree::compilerCpuNanos).orElse(0L));
    }

    /**
     * The load each measured run follows, not recorded. When targets take turns, each run comes
     * after the target sat idle through the other's turn, and the bundled balancer's first 6 s run
     * after 8 s idle cost 1-11% more CPU per request than the run right after it in five rounds
     * out of five (mean 5%), where HAProxy's did not (-10% to +1%; hand rounds of {@code wrk -t2 -c50},
     * 2026-12-04 11:30 UTC): the figures are of the steady state, for both.
     */
    static final Duration SETTLE = Duration.ofSeconds(2);

    /** How long the settle before a measured run lasts: {@link #SETTLE}, at most the run's own length. */
    static Duration settle(BenchOptions o) {
        return o.duration().compareTo(SETTLE) < 0 ? o.duration() : SETTLE;
    }

    /** One measured run against {@code port}, after {@link #SETTLE} of the same load (at most the run's length). */
    static HttpRun once(BenchContext ctx, Wrk wrk, int port, boolean close, Optional<ProcessTree> tree) {
        BenchOptions o = ctx.options();
        wrk.run(port, o.threads(), o.connections(), settle(o), close);
        long cpuBefore = tree.map(ProcessTree::cpuNanos).orElse(0L);
        long compilerBefore = tree.map(ProcessTree::compilerCpuNanos).orElse(0L);
        WrkResult result = wrk.run(port, o.threads(), o.connections(), o.duration(), close);
        long cpu = tree.map(ProcessTree::cpuNanos).orElse(0L) - cpuBefore;
        long compiler = tree.map(ProcessTree::compilerCpuNanos).orElse(0L) - compilerBefore;
        if (result.requests() == 0) {
            throw new IllegalStateException("no request completed through 127.0.0.1:" + port + " in "
                    + o.duration().toSeconds() + " s");
        }
        if (result.errors() * 100 > result.requests()) {
            // A rate of failures is not a rate of requests: refuse to report it.
            throw new IllegalStateException("wrk through 127.0.0.1:" + port + ": " + result.errors()
                    + " errors in " + result.requests() + " requests");
        }
        return new HttpRun(result, cpu, compiler, tree.map(ProcessTree::rssBytes).orElse(0L));
    }

}
