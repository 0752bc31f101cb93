package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.load.IdleConnections;
import io.ganglion.bench.load.TcpStream;
import io.ganglion.bench.report.Metric;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code tcp}: one large transfer through a {@code mode tcp} frontend (MB/s and the balancer's
 * CPU), then many idle connections held open (memory per connection, both halves included).
 */
public final class TcpPart extends Part {
    static final String SECTION = "tcp";
    static final Metric THROUGHPUT = new Metric(SECTION, "single stream", "MB/s", ">=0.8");
    static final Metric CPU = Metric.of(SECTION, "balancer CPU", "%core");
    static final Metric PER_CONNECTION = Metric.of(SECTION, "RSS per idle connection", "KiB");
    private static final Duration IDLE_OPEN_LIMIT = Duration.ofSeconds(60);

    private int idlePort;

    public TcpPart() {
        super("tcp", List.of(THROUGHPUT, CPU, PER_CONNECTION));
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        idlePort = BenchContext.freePort();
        List<Integer> source = List.of(ctx.backends().sourcePort());
        List<Integer> sink = List.of(ctx.backends().sinkPort());
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_stream", "tcp", newReadyPort(), "be_stream")
                .backend("be_stream", "tcp", "source", 1, source)
                .frontend("fe_idle", "tcp", idlePort, "be_idle")
                .backend("be_idle", "tcp", "sink", 1, sink);
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        BenchOptions o = ctx.options();
        int port = balancer.isPresent() ? readyPort() : ctx.backends().sourcePort();
        Optional<ProcessTree> tree = balancer.map(BalancerProcess::tree);
        if (!o.warmup().isZero()) {
            TcpStream.bytesPerSecond(port, o.warmup());
        }
        SampleSet samples = new SampleSet();
        for (int i = 0; i < o.runs(); i++) {
            long cpuBefore = tree.map(ProcessTree::cpuNanos).orElse(0L);
            long start = System.nanoTime();
            samples.add(THROUGHPUT, TcpStream.bytesPerSecond(port, o.duration()) / 1e6);
            if (tree.isPresent()) {
                long cpu = tree.get().cpuNanos() - cpuBefore;
                samples.add(CPU, cpu * 100.0 / (System.nanoTime() - start));
            }
        }
        if (tree.isPresent()) {
            long before = tree.get().rssBytes();
            try (IdleConnections idle = IdleConnections.open(idlePort, o.idleConnections(),
                    ctx.backends()::sinkConnections, IDLE_OPEN_LIMIT)) {
                samples.add(PER_CONNECTION, (tree.get().rssBytes() - before) / 1024.0 / o.idleConnections());
            }
        }
        samples.addTo(ctx.results(), kind);
    }
}
