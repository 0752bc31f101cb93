package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.load.SocketLoad;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.runtime.AdminState;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code scale}: a backend of three servers takes HTTP load; then {@code --scale-servers} servers
 * are added to it over the socket ({@code add server} + {@code set server ... state ready},
 * pipelined) and the load runs again. Time to add, memory per server (RSS, and the live heap of
 * the bundled balancer), {@code show stat} time, request rate with many servers against three.
 */
public final class ScalePart extends Part {
    static final String SECTION = "scale";
    static final String BACKEND = "be_scale";
    static final Metric RATE_3 = Metric.of(SECTION, "requests/s, 3 servers", "req/s");
    static final Metric ADD_TIME = Metric.of(SECTION, "time to add servers", "s");
    static final Metric RSS_PER_SERVER = Metric.of(SECTION, "RSS per server", "KiB");
    static final Metric HEAP = Metric.of(SECTION, "live heap after GC", "MiB");
    static final Metric SHOW_STAT = Metric.of(SECTION, "show stat, all servers", "ms");
    static final Metric RATE_MANY = Metric.of(SECTION, "requests/s, all servers", "req/s");
    /** Commands per pipelined batch; the session splits it further into socket-sized windows. */
    private static final int BATCH = 500;

    public ScalePart() {
        super("scale", List.of(RATE_3, ADD_TIME, RSS_PER_SERVER, HEAP, SHOW_STAT, RATE_MANY));
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_scale", "http", newReadyPort(), BACKEND)
                .backend(BACKEND, "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        BenchOptions o = ctx.options();
        Wrk wrk = ctx.wrk().orElseThrow();
        ProcessTree tree = balancer.orElseThrow().tree();
        UnixSocketEndpoint socket = new UnixSocketEndpoint(ctx.socketPath(name(), kind));
        List<Integer> ports = ctx.backends().httpPorts();
        Optional<String> unavailable = new SocketLoad(socket).unavailableReason(addServer(1, ports));
        if (unavailable.isPresent()) {
            ctx.say("   %s: not available: %s", kind.label(), unavailable.get());
            markUnavailable(ctx.results(), kind, unavailable.get());
            return;
        }
        SampleSet samples = new SampleSet();
        HttpRun.measure(ctx, wrk, readyPort(), false, Optional.of(tree))
                .forEach(run -> samples.add(RATE_3, run.wrk().requestsPerSecond()));
        long rssBefore = tree.rssBytes();
        try (RuntimeSession session = new RuntimeSession(socket, Timeouts.DEFAULT)) {
            long start = System.nanoTime();
            addServers(session, o.scaleServers(), ports);
            samples.add(ADD_TIME, (System.nanoTime() - start) / 1e9);
        }
        samples.add(RSS_PER_SERVER, (tree.rssBytes() - rssBefore) / 1024.0 / o.scaleServers());
        if (kind.isGanglion()) {
            OptionalLong heap = HeapUsage.liveBytes(balancer.get().pid());
            heap.ifPresent(bytes -> samples.add(HEAP, bytes / 1048576.0));
        }
        samples.add(SHOW_STAT, new SocketLoad(socket).millisPerAnswer(Commands.showStat(), o.duration()));
        HttpRun.measure(ctx, wrk, readyPort(), false, Optional.of(tree))
                .forEach(run -> samples.add(RATE_MANY, run.wrk().requestsPerSecond()));
        samples.addTo(ctx.results(), kind);
    }

    private static Command addServer(int n, List<Integer> ports) {
        return Commands.addServer(BACKEND, "d" + n, "127.0.0.1:" + ports.get(n % ports.size()), List.of());
    }

    /** Server d1 exists already (the probe added it); every server is put in READY after its add. */
    private static void addServers(RuntimeSession session, int count, List<Integer> ports) {
        List<Command> batch = new ArrayList<>(BATCH);
        for (int n = 1; n <= count; n++) {
            if (n > 1) {
                batch.add(addServer(n, ports));
            }
            batch.add(Commands.setServerState(BACKEND, "d" + n, AdminState.READY));
            if (batch.size() >= BATCH || n == count) {
                session.pipeline(batch).forEach(answer -> answer.orThrow());
                batch.clear();
            }
        }
    }
}
