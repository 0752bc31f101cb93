package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.load.SocketLoad;
import io.ganglion.bench.report.Metric;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.UnixSocketEndpoint;
import io.ganglion.runtime.Weight;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * {@code socket}: Runtime API commands/s on a backend of {@code --socket-servers} servers:
 * {@code set server B/S weight N} with a connection per command, in one prompt session waiting
 * for each answer, and pipelined; and the time of a full {@code show stat}. A balancer whose
 * socket does not answer the command is "not available", with its answer as the reason.
 */
public final class SocketPart extends Part {
    static final String SECTION = "socket";
    static final String BACKEND = "be_socket";
    static final Metric PER_CONNECTION = new Metric(SECTION, "set weight, conn/cmd", "cmd/s", ">=1.0");
    static final Metric SESSION = new Metric(SECTION, "set weight, prompt", "cmd/s", ">=1.0");
    static final Metric PIPELINED = Metric.of(SECTION, "set weight, pipelined", "cmd/s");
    static final Metric SHOW_STAT = Metric.of(SECTION, "show stat, all servers", "ms");

    public SocketPart() {
        super("socket", List.of(PER_CONNECTION, SESSION, PIPELINED, SHOW_STAT));
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_socket", "http", newReadyPort(), BACKEND)
                .backend(BACKEND, "http", "s", ctx.options().socketServers(), ctx.backends().httpPorts());
    }

    /** {@code set server be_socket/sK weight W}, cycling over every server and weights 1..100. */
    static IntFunction<Command> setWeights(int servers) {
        return i -> Commands.setServerWeight(BACKEND, "s" + (i % servers + 1), Weight.absolute(1 + i % 100));
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        BenchOptions o = ctx.options();
        SocketLoad load = new SocketLoad(new UnixSocketEndpoint(ctx.socketPath(name(), kind)));
        IntFunction<Command> commands = setWeights(o.socketServers());
        Optional<String> unavailable = load.unavailableReason(commands.apply(0));
        if (unavailable.isPresent()) {
            ctx.say("   %s: not available: %s", kind.label(), unavailable.get());
            markUnavailable(ctx.results(), kind, unavailable.get());
            return;
        }
        SampleSet samples = new SampleSet();
        if (!o.warmup().isZero()) {
            load.perConnection(commands, o.warmup());
        }
        for (int i = 0; i < o.runs(); i++) {
            samples.add(PER_CONNECTION, load.perConnection(commands, o.duration()));
            samples.add(SESSION, load.inSession(commands, o.duration()));
            samples.add(PIPELINED, load.pipelined(commands, o.duration()));
            samples.add(SHOW_STAT, load.millisPerAnswer(Commands.showStat(), o.duration()));
        }
        samples.addTo(ctx.results(), kind);
    }
}
