package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code http}: wrk with small responses over keep-alive connections, then with
 * {@code Connection: close}; requests/s, latency percentiles, the balancer's CPU per request, CPU%
 * and RSS.
 */
public final class HttpPart extends Part {
    static final String KEEP_ALIVE = "http keep-alive";
    static final String CLOSE = "http close";
    static final Metric RATE = new Metric(KEEP_ALIVE, "requests/s", "req/s", ">=0.8");
    static final Metric P50 = Metric.of(KEEP_ALIVE, "latency p50", "ms");
    static final Metric P99 = new Metric(KEEP_ALIVE, "latency p99", "ms", "<=1.5");
    static final Metric P999 = Metric.of(KEEP_ALIVE, "latency p99.9", "ms");
    static final Metric CPU_PER_REQUEST = new Metric(KEEP_ALIVE, "CPU per request", "us", "<=1.25");
    static final Metric CPU_COMPILING = Metric.of(KEEP_ALIVE, "of which JIT compilers", "us");
    static final Metric CPU = Metric.of(KEEP_ALIVE, "balancer CPU", "%core");
    static final Metric RSS = Metric.of(KEEP_ALIVE, "balancer RSS", "MiB");
    static final Metric CLOSE_RATE = new Metric(CLOSE, "requests/s", "req/s", ">=0.7");
    static final Metric CLOSE_P99 = Metric.of(CLOSE, "latency p99", "ms");
    static final Metric CLOSE_CPU_PER_REQUEST = Metric.of(CLOSE, "CPU per request", "us");

    public HttpPart() {
        super("http", List.of(RATE, P50, P99, P999, CPU_PER_REQUEST, CPU_COMPILING, CPU, RSS, CLOSE_RATE, CLOSE_P99, CLOSE_CPU_PER_REQUEST));
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_http", "http", newReadyPort(), "be_http")
                .backend("be_http", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    /** The targets take turns, run by run ({@link #takeTurns} says why): keep-alive, then close. */
    @Override
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        Wrk wrk = ctx.wrk().orElseThrow();
        List<Consumer<Turn>> steps = new ArrayList<>();
        steps.add(t -> HttpRun.warmUp(ctx, wrk, t.port(), false, t.tree()));
        for (int i = 0; i < ctx.options().runs(); i++) {
            steps.add(t -> keepAlive(t, HttpRun.once(ctx, wrk, t.port(), false, t.tree())));
        }
        steps.add(t -> HttpRun.warmUp(ctx, wrk, t.port(), true, t.tree()));
        for (int i = 0; i < ctx.options().runs(); i++) {
            steps.add(t -> close(t, HttpRun.once(ctx, wrk, t.port(), true, t.tree())));
        }
        takeTurns(ctx, available, ctx.backends().httpPorts().get(0), steps);
    }

    private static void keepAlive(Turn t, HttpRun run) {
        t.samples().add(RATE, run.wrk().requestsPerSecond());
        t.samples().add(P50, run.wrk().p50Micros() / 1e3);
        t.samples().add(P99, run.wrk().p99Micros() / 1e3);
        t.samples().add(P999, run.wrk().p999Micros() / 1e3);
        if (t.balancer().isPresent()) {
            t.samples().add(CPU_PER_REQUEST, run.cpuMicrosPerRequest());
            t.samples().add(CPU_COMPILING, run.compilerMicrosPerRequest());
            t.samples().add(CPU, run.cpuPercent());
            t.samples().add(RSS, run.rssBytes() / 1048576.0);
        }
    }

    private static void close(Turn t, HttpRun run) {
        t.samples().add(CLOSE_RATE, run.wrk().requestsPerSecond());
        t.samples().add(CLOSE_P99, run.wrk().p99Micros() / 1e3);
        if (t.balancer().isPresent()) {
            t.samples().add(CLOSE_CPU_PER_REQUEST, run.cpuMicrosPerRequest());
        }
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        throw new UnsupportedOperationException("the http part takes its targets in turns (measureTargets)");
    }
}
