package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
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
    private static final int SLICE_SECONDS = 2;
    private static final int STABLE_PERCENT = 10;
    private static final int COMPILING_PERCENT = 5;

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
        BenchOptions o = ctx.options();
        warmUp(wrk, port, close, o, tree);
        List<HttpRun> runs = new ArrayList<>();
        for (int i = 0; i < o.runs(); i++) {
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
            runs.add(new HttpRun(result, cpu, compiler, tree.map(ProcessTree::rssBytes).orElse(0L)));
        }
        return runs;
    }

    /**
     * At least {@code --warmup} of load, in slices of {@value #SLICE_SECONDS} s, then more slices
     * until two in a row agree within {@value #STABLE_PERCENT}% and the balancer's JIT compiler
     * threads (a JVM's; HAProxy has none) spent under {@value #COMPILING_PERCENT}% of a slice: a
     * JVM still compiling on a busy machine can hold a low rate steady for a while. At most six
     * times {@code --warmup} in all: on a busy machine the rate may never settle, and the runs'
     * spread then shows it.
     */
    private static void warmUp(Wrk wrk, int port, boolean close, BenchOptions o, Optional<ProcessTree> tree) {
        long minimum = o.warmup().toSeconds();
        if (minimum == 0) {
            return;
        }
        Duration slice = Duration.ofSeconds(Math.min(SLICE_SECONDS, minimum));
        long spent = 0;
        double previous = -1;
        while (spent < 6 * minimum) {
            long compilingBefore = tree.map(ProcessTree::compilerCpuNanos).orElse(0L);
            double rate = wrk.run(port, o.threads(), o.connections(), slice, close).requestsPerSecond();
            long compiling = tree.map(ProcessTree::compilerCpuNanos).orElse(0L) - compilingBefore;
            spent += slice.toSeconds();
            boolean stable = previous > 0 && Math.abs(rate - previous) * 100 <= STABLE_PERCENT * previous;
            boolean compiled = compiling * 100 < COMPILING_PERCENT * slice.toNanos();
            if (spent >= minimum && stable && compiled) {
                return;
            }
            previous = rate;
        }
    }
}
