package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code rules}: the {@code http} part's load through the capture configuration's {@code fe_main}
 * rules, reduced to what both balancers have (no stick table): an ACL file of 100,000 addresses, a
 * {@code map_ip} lookup of a 100,000-network map on every request (in a header, where the capture
 * has it in the log format), the whitelist's {@code allow} and a {@code deny}. Requests/s and CPU
 * per request, HAProxy alongside.
 */
public final class RulesPart extends Part {
    static final String RULES = "rules fe_main";
    static final Metric RATE = new Metric(RULES, "requests/s", "req/s", ">=0.9");
    static final Metric P99 = Metric.of(RULES, "latency p99", "ms");
    static final Metric CPU_PER_REQUEST = new Metric(RULES, "CPU per request", "us", "<=1.2");

    private static final int ENTRIES = 100_000;

    public RulesPart() {
        super("rules", List.of(RATE, P99, CPU_PER_REQUEST));
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        Path whitelist = ctx.workDir().resolve("rules-whitelist.lst");
        Path countries = ctx.workDir().resolve("rules-ip-country.lst");
        writeLists(whitelist, countries);
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_main", "http", newReadyPort(), "be_app", List.of(
                        "acl whitelist src -f " + whitelist,
                        "http-request set-header X-Country %[src,map_ip(" + countries + ",UNKNOWN)]",
                        "http-request allow if whitelist",
                        "http-request deny if { path /admin }"))
                .backend("be_app", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    /** 100,000 addresses and networks in 10.0.0.0/8, the load's 127.0.0.1 in neither (every rule runs). */
    private static void writeLists(Path whitelist, Path countries) {
        try (Writer acl = Files.newBufferedWriter(whitelist); Writer map = Files.newBufferedWriter(countries)) {
            for (int i = 0; i < ENTRIES; i++) {
                acl.write("10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255) + "\n");
                map.write("10." + (i >> 8 & 255) + "." + (i & 255) + ".0/24 C" + (i % 200) + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rules are a balancer's: no direct run. */
    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().targets().stream().filter(k -> k != TargetKind.DIRECT).toList();
    }

    /** The targets take turns, run by run ({@link #takeTurns} says why). */
    @Override
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        Wrk wrk = ctx.wrk().orElseThrow();
        List<Consumer<Turn>> steps = new ArrayList<>();
        steps.add(t -> HttpRun.warmUp(ctx, wrk, t.port(), false, t.tree()));
        for (int i = 0; i < ctx.options().runs(); i++) {
            steps.add(t -> {
                HttpRun run = HttpRun.once(ctx, wrk, t.port(), false, t.tree());
                t.samples().add(RATE, run.wrk().requestsPerSecond());
                t.samples().add(P99, run.wrk().p99Micros() / 1e3);
                t.samples().add(CPU_PER_REQUEST, run.cpuMicrosPerRequest());
            });
        }
        takeTurns(ctx, available, 0, steps);
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        throw new UnsupportedOperationException("the rules part takes its targets in turns (measureTargets)");
    }
}
