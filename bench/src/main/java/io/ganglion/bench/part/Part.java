package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.report.Metric;
import io.ganglion.bench.report.Results;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.LaunchSettings;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One part of the harness ({@code http}, {@code tcp}, {@code socket}, {@code scale}): for each
 * target in turn, starts the balancer on the part's configuration, measures, stops it by its PID.
 * A target that cannot be measured (not installed, no stats socket, a failure) gets "not
 * available" with the reason in every row of the part it did not fill, and the run goes on.
 */
public abstract class Part {
    private static final Logger log = LoggerFactory.getLogger(Part.class);

    private final String name;
    private final List<Metric> metrics;
    /** Set by {@link #config} before each start; parts run on the harness's main thread only. */
    private int readyPort;

    /**
     * @param name    the word on the command line: {@code ganglion bench NAME}
     * @param metrics every row this part fills, for marking a target that could not be measured
     */
    protected Part(String name, List<Metric> metrics) {
        this.name = name;
        this.metrics = List.copyOf(metrics);
    }

    public final String name() {
        return name;
    }

    /** The targets this part measures; the socket parts leave the direct run out. */
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().targets();
    }

    /**
     * The configuration of one balancer. It binds one of its frontends to {@link #newReadyPort()}:
     * the balancer is ready when that port accepts connections.
     */
    protected abstract ConfigText config(BenchContext ctx, TargetKind kind);

    /** Picks the port of the frontend that tells the balancer is up (a fresh one per start). */
    protected final int newReadyPort() {
        readyPort = BenchContext.freePort();
        return readyPort;
    }

    protected final int readyPort() {
        return readyPort;
    }

    /** Why this part cannot run at all (a missing tool), or empty. */
    protected Optional<String> missingTool(BenchContext ctx) {
        return Optional.empty();
    }

    /**
     * Runs a pair of loads in one turn: {@code a} first on even runs, {@code b} first on odd ones.
     * The first load of a turn follows the target's idle time through the other's turn; {@link
     * HttpRun#SETTLE} takes most of that out of wrk's runs, and alternating shares what remains
     * (and what a load without a settle pays) between the pair's two sides.
     */
    protected static void alternately(int run, Runnable a, Runnable b) {
        if (run % 2 == 0) {
            a.run();
            b.run();
        } else {
            b.run();
            a.run();
        }
    }

    /** For the parts that load through wrk. */
    protected static Optional<String> wrkMissing(BenchContext ctx) {
        return ctx.wrk().isPresent() ? Optional.empty() : Optional.of("wrk is not installed (apt-get install -y wrk)");
    }

    /**
     * With {@code --profile} the bundled balancer records a JFR profile of this part's load (its
     * top frames are printed after it stops), so each part shows where its own time goes.
     */
    protected LaunchSettings launchSettings(BenchContext ctx, TargetKind kind) {
        if (kind == TargetKind.GANGLION && ctx.options().profile()) {
            return ctx.launch().withJavaOptions(List.of("-XX:StartFlightRecording=filename=" + profileFile(ctx)
                    + ",settings=profile,dumponexit=true"));
        }
        return ctx.launch();
    }

    private Path profileFile(BenchContext ctx) {
        return ctx.options().outDir().toAbsolutePath().resolve("ganglion-" + name + ".jfr");
    }

    /** Measures one target; {@code balancer} is empty for the direct run and a target the part starts itself. */
    protected abstract void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer);

    /** Called after the balancer has stopped: prints the profile it wrote on exit, if any. */
    protected void afterStop(BenchContext ctx, TargetKind kind) {
        if (kind == TargetKind.GANGLION && ctx.options().profile()) {
            ctx.say("%s", JfrTopFrames.summarize(profileFile(ctx), 15));
        }
    }

    public final void run(BenchContext ctx) {
        ctx.say("== %s", name());
        List<TargetKind> available = new ArrayList<>();
        for (TargetKind kind : targets(ctx)) {
            Optional<String> missing = missingTool(ctx)
                    .or(() -> kind == TargetKind.HAPROXY || kind == TargetKind.HAPROXY_RELOAD
                            ? ctx.haproxyMissing() : Optional.empty());
            if (missing.isPresent()) {
                markUnavailable(ctx.results(), kind, missing.get());
            } else {
                available.add(kind);
            }
        }
        measureTargets(ctx, available);
    }

    /**
     * Measures the targets that can run, one after the other: each is started, measured and stopped
     * before the next. A part whose figures follow the machine's speed from minute to minute
     * overrides it to let its targets take turns instead ({@link #takeTurns}).
     */
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        for (TargetKind kind : available) {
            ctx.say("   %s ...", kind.label());
            try {
                measureStarted(ctx, kind);
            } catch (RuntimeException e) {
                failed(ctx, kind, e);
            }
        }
    }

    /**
     * A target started for a part that takes its targets in turns ({@link #takeTurns}): its process
     * (none for the direct run), the port its load goes to, and what was measured on it.
     */
    protected record Turn(TargetKind kind, Optional<BalancerProcess> balancer, int port, SampleSet samples) {
        Optional<ProcessTree> tree() {
            return balancer.map(BalancerProcess::tree);
        }
    }

    /**
     * Starts every target, then runs each step on every target in turn before the next step, so that
     * the columns of a figure are measured seconds apart, not minutes. Measured one target after the
     * other, the columns of {@code http} and {@code tracking} ran minutes apart on a machine whose
     * speed moved by a quarter within three minutes: HAProxy's keep-alive rate was 33.8k and 38.1k
     * requests/s in two 5 s turns three minutes apart (2026-12-04 00:11 UTC, load 2), and two runs of
     * {@code tracking} ten minutes apart gave the one-address ratio as 0.96 and 0.65. A target waiting
     * for its turn is idle. A target whose step fails is stopped and its rows marked, the others go on.
     *
     * @param directPort where the direct run's load goes (the backend's own port)
     */
    protected final void takeTurns(BenchContext ctx, List<TargetKind> available, int directPort,
            List<Consumer<Turn>> steps) {
        List<Turn> turns = new ArrayList<>();
        try {
            for (TargetKind kind : available) {
                ctx.say("   %s ...", kind.label());
                try {
                    turns.add(start(ctx, kind, directPort));
                } catch (RuntimeException e) {
                    failed(ctx, kind, e);
                }
            }
            for (Consumer<Turn> step : steps) {
                for (Turn turn : List.copyOf(turns)) {
                    try {
                        step.accept(turn);
                    } catch (RuntimeException e) {
                        failed(ctx, turn.kind(), e);
                        turns.remove(turn);
                        stop(ctx, turn);
                    }
                }
            }
            turns.forEach(turn -> turn.samples().addTakenInTurnsTo(ctx.results(), turn.kind()));
        } finally {
            turns.forEach(turn -> stop(ctx, turn));
        }
    }

    private Turn start(BenchContext ctx, TargetKind kind, int directPort) {
        if (!kind.isStartedByHarness()) {
            return new Turn(kind, Optional.empty(), directPort, new SampleSet());
        }
        ConfigText config = config(ctx, kind);
        int port = readyPort();
        return new Turn(kind, Optional.of(ctx.start(name(), kind, config, port, launchSettings(ctx, kind))), port,
                new SampleSet());
    }

    private void stop(BenchContext ctx, Turn turn) {
        if (turn.balancer().isPresent()) {
            turn.balancer().get().close();
            afterStop(ctx, turn.kind());
        }
    }

    /** Says why {@code kind} could not be measured and marks the rows it left empty. */
    protected final void failed(BenchContext ctx, TargetKind kind, RuntimeException e) {
        log.debug("{} on {} failed", name(), kind.label(), e);
        ctx.say("   %s: %s", kind.label(), e.getMessage());
        markUnavailable(ctx.results(), kind, e.getMessage().lines().findFirst().orElse("failed"));
    }

    private void measureStarted(BenchContext ctx, TargetKind kind) {
        if (!kind.isStartedByHarness()) {
            measure(ctx, kind, Optional.empty());
            return;
        }
        try (BalancerProcess balancer = ctx.start(name(), kind, config(ctx, kind), readyPort(),
                launchSettings(ctx, kind))) {
            measure(ctx, kind, Optional.of(balancer));
        }
        afterStop(ctx, kind);
    }

    /** Fills every row of this part that {@code kind} has no figure in yet. */
    protected final void markUnavailable(Results results, TargetKind kind, String reason) {
        for (Metric metric : metrics) {
            boolean filled = results.figures().stream()
                    .anyMatch(f -> f.metric().equals(metric) && f.target() == kind);
            if (!filled) {
                results.unavailable(metric, kind, reason);
            }
        }
    }
}
