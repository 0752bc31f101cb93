package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.SpreadLoad;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntToDoubleFunction;

/**
 * {@code tracking}: issue 15's "tracking on the data path". The seed's {@code fe_main} rules
 * (track-sc0 src in a {@code type ip size 1m} table storing gpt0 and http_req_rate(10s), the
 * whitelist's allow, the rate ACL and sc-set-gpt0, the deny on gpt0; the rate limit raised so
 * that no client of the load is banned, every rule still running), beside {@code fe_plain}, the
 * same frontend without the table and its rules:
 * <ul>
 * <li>requests/s through each with wrk (one client address), and with 50,000 client addresses
 * ({@link SpreadLoad}: connections bound across 127.0.0.0/8, 10 requests each);</li>
 * <li>the p99.9 and maximum latency of a steady load on a tracking frontend while
 * {@code --stick-entries} entries, set over the socket, expire together.</li>
 * </ul>
 * The balancers run side by side and take turns, run by run, so that a ratio between them is not
 * one of the machine's minutes ({@link #takeTurns}); the expiry phase comes last
 * ({@link #measureTargets}).
 */
public final class TrackingPart extends Part {
    static final String SECTION = "tracking";
    static final Metric RATE = new Metric(SECTION, "fe_main requests/s (1 address, wrk)", "req/s", ">=0.9");
    static final Metric RATE_PLAIN = Metric.of(SECTION, "no table, requests/s (1 address, wrk)", "req/s");
    static final Metric SHARE = Metric.of(SECTION, "fe_main / no table (1 address)", "x");
    static final Metric SPREAD = new Metric(SECTION, "fe_main requests/s (50,000 addresses)", "req/s", ">=0.9");
    static final Metric SPREAD_PLAIN = Metric.of(SECTION, "no table, requests/s (50,000 addresses)", "req/s");
    static final Metric SPREAD_SHARE = Metric.of(SECTION, "fe_main / no table (50,000 addresses)", "x");
    static final Metric STEADY_P999 = Metric.of(SECTION, "steady load p99.9, no expiry", "ms");
    static final Metric EXPIRY_P999 = Metric.of(SECTION, "p99.9 while the entries expire", "ms");
    static final Metric EXPIRY_MAX = Metric.of(SECTION, "max while the entries expire", "ms");

    static final int ADDRESSES = 50_000;
    private static final int PER_CONNECTION = 10;
    /**
     * The table's expiry for a million entries: longer than their inserts take (15-25 s on a loaded
     * machine), so that they all expire under the load. Fewer entries expire sooner ({@link
     * #expireSeconds}), so that a small run does not sit out the million's wait.
     */
    private static final int EXPIRE_SECONDS_PER_MILLION = 45;
    /** At least this: the load starts 2 s before the first entry expires, after the last insert. */
    private static final int MIN_EXPIRE_SECONDS = 8;
    private static final int BATCH = 1000;
    /** Closed-loop workers of the latency load: few, so that its latency is the balancer's, not a queue's. */
    private static final int LATENCY_WORKERS = 2;

    /** Each started target's other frontends, by {@code fe_main}'s (ready) port. */
    private final Map<Integer, Frontends> frontendsByReadyPort = new HashMap<>();

    public TrackingPart() {
        super("tracking", List.of(RATE, RATE_PLAIN, SHARE, SPREAD, SPREAD_PLAIN, SPREAD_SHARE, STEADY_P999, EXPIRY_P999,
                EXPIRY_MAX));
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        Path whitelist = ctx.workDir().resolve("tracking-whitelist.lst");
        try {
            Files.writeString(whitelist, "10.255.255.1\n198.51.100.0/24\n"); // none of the load's addresses
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int tracking = newReadyPort();
        int plainPort = BenchContext.freePort();
        int expiryPort = BenchContext.freePort();
        frontendsByReadyPort.put(tracking, new Frontends(plainPort, expiryPort));
        int size = Math.max(1 << 20, 2 * ctx.options().stickEntries());
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_main", "http", tracking, "be_app", List.of(
                        "stick-table type ip size 1m expire 15m store gpt0,http_req_rate(10s)",
                        "http-request track-sc0 src",
                        "acl whitelist src -f " + whitelist,
                        "http-request allow if whitelist",
                        "acl abuse sc_http_req_rate(0) gt 1000000000",
                        "http-request sc-set-gpt0(0) 1 if abuse",
                        "http-request deny if { sc_get_gpt0(0) eq 1 }"))
                .frontend("fe_plain", "http", plainPort, "be_app", List.of(
                        "acl whitelist src -f " + whitelist,
                        "http-request allow if whitelist"))
                .frontend("fe_expire", "http", expiryPort, "be_app", List.of(
                        "stick-table type ip size " + size + " expire " + expireSeconds(ctx) + "s store gpt0,http_req_rate(10s)",
                        "http-request track-sc0 src"))
                .backend("be_app", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    /**
     * The targets take turns ({@link #takeTurns}): each wrk run on {@code fe_main} and on {@code
     * fe_plain} within one target's turn, so that their ratio is of the same seconds, each first in
     * turn ({@link #alternately}); likewise each {@link SpreadLoad} run. The expiry phase comes last,
     * one target after the other: it is a latency figure, not a ratio, and its inserts and expiry
     * take a minute a target.
     */
    @Override
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        Wrk wrk = ctx.wrk().orElseThrow();
        Duration d = ctx.options().duration();
        int workers = Math.max(2, ctx.options().connections() / 8);
        List<Consumer<Turn>> steps = new ArrayList<>();
        steps.add(t -> {
            // Frontends are bound one after another: the ready port is the first's.
            t.balancer().orElseThrow().awaitListening(frontends(t).expiry());
            HttpRun.warmUp(ctx, wrk, t.port(), false, t.tree());
        });
        for (int i = 0; i < ctx.options().runs(); i++) {
            int run = i;
            steps.add(t -> bothFrontends(t, run,
                    port -> HttpRun.once(ctx, wrk, port, false, t.tree()).wrk().requestsPerSecond(), RATE, RATE_PLAIN, SHARE));
        }
        steps.add(t -> {
            SpreadLoad.run(t.port(), workers, ADDRESSES, PER_CONNECTION, ctx.options().warmup()); // warm-up, not recorded
            ctx.say("   %s: %d addresses, %d requests a connection, %d workers", t.kind().label(), ADDRESSES,
                    PER_CONNECTION, workers);
        });
        for (int i = 0; i < ctx.options().runs(); i++) {
            int run = i;
            steps.add(t -> bothFrontends(t, run, port -> SpreadLoad.run(port, workers, ADDRESSES, PER_CONNECTION, d)
                    .requestsPerSecond(), SPREAD, SPREAD_PLAIN, SPREAD_SHARE));
        }
        steps.add(t -> measureExpiry(ctx, t.kind(), frontends(t).expiry(), t.samples()));
        takeTurns(ctx, available, 0, steps);
    }

    /**
     * One run of a load on {@code fe_main} and one on {@code fe_plain}, {@link #alternately}: both
     * requests/s and their ratio.
     */
    private void bothFrontends(Turn t, int run, IntToDoubleFunction requestsPerSecondThrough, Metric main,
            Metric plain, Metric share) {
        double[] rates = new double[2]; // with the table, without
        alternately(run, () -> rates[0] = requestsPerSecondThrough.applyAsDouble(t.port()),
                () -> rates[1] = requestsPerSecondThrough.applyAsDouble(frontends(t).plain()));
        t.samples().add(main, rates[0]);
        t.samples().add(plain, rates[1]);
        t.samples().add(share, rates[0] / rates[1]);
    }

    private Frontends frontends(Turn turn) {
        return frontendsByReadyPort.get(turn.port());
    }

    /** 45 s for a million entries ({@code --stick-entries}' default), in proportion for fewer, never under 8 s. */
    static int expireSeconds(BenchContext ctx) {
        return expireSeconds(ctx.options().stickEntries());
    }

    static int expireSeconds(int entries) {
        return Math.max(MIN_EXPIRE_SECONDS, (int) Math.ceil(EXPIRE_SECONDS_PER_MILLION * (entries / 1e6)));
    }

    /** The ports of a started target's frontends besides {@code fe_main} (its ready port). */
    private record Frontends(int plain, int expiry) {
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        throw new UnsupportedOperationException("the tracking part takes its targets in turns (measureTargets)");
    }

    /**
     * Sets the entries (in a prompt session, pipelined by thousands), then runs a steady load on
     * the same table from just before the first of them expires ({@link #expireSeconds} after its
     * set) until just after the last one has.
     */
    private void measureExpiry(BenchContext ctx, TargetKind kind, int expiryPort, SampleSet samples) {
        int entries = ctx.options().stickEntries();
        int expireSeconds = expireSeconds(ctx);
        SpreadLoad.Result steady = SpreadLoad.run(expiryPort, LATENCY_WORKERS, 100, 100, ctx.options().duration());
        samples.add(STEADY_P999, steady.latencies().quantileMillis(0.999));
        long started = System.nanoTime();
        try (RuntimeSession session = new RuntimeSession(new UnixSocketEndpoint(ctx.socketPath(name(), kind)),
                Timeouts.DEFAULT)) {
            List<Command> batch = new ArrayList<>(BATCH);
            for (int i = 0; i < entries; i++) {
                batch.add(Command.of("set", "table", "fe_expire", "key",
                        "10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "." + (i & 255), "data.gpt0", "1"));
                if (batch.size() == BATCH || i == entries - 1) {
                    session.pipeline(batch).forEach(Answer::orThrow);
                    batch.clear();
                }
            }
        }
        long inserting = System.nanoTime() - started;
        if (inserting >= Duration.ofSeconds(expireSeconds - 2).toNanos()) {
            ctx.say("   %s: the inserts took %.1f s, longer than the expiry: the first entries expired before the load",
                    kind.label(), inserting / 1e9);
        }
        // from 2 s before the first entry expires to 3 s after the last one (set expireSeconds after its insert)
        long from = started + Duration.ofSeconds(expireSeconds - 2).toNanos();
        while (System.nanoTime() < from) {
            LockSupport.parkNanos(from - System.nanoTime()); // the harness waiting for the table's clock, not a test
        }
        Duration load = Duration.ofNanos(inserting + Duration.ofSeconds(5).toNanos());
        SpreadLoad.Result during = SpreadLoad.run(expiryPort, LATENCY_WORKERS, 100, 100, load);
        samples.add(EXPIRY_P999, during.latencies().quantileMillis(0.999));
        samples.add(EXPIRY_MAX, during.latencies().maxMillis());
        ctx.say("   %s: %d entries set in %.1f s; %d requests during %.1f s of expiry", kind.label(), entries,
                inserting / 1e9, during.requests(), during.seconds());
    }
}
