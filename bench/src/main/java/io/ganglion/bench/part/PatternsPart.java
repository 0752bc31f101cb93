package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.LaunchSettings;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.WarmUp;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.ToIntFunction;

/**
 * {@code patterns}: a frontend whose every request looks its client up in a map with
 * {@code map_ip} (an {@code http-request set-header}); {@code --map-entries} (1,000,000) distinct CIDR networks
 * are then loaded into the map over the stats socket by {@code add map FILE <<} payloads of at
 * most {@value #PAYLOAD_BYTES} bytes each (the most HAProxy 2.6 takes), one connection per
 * payload as a seeding script with socat sends them, into a balancer whose stats socket has been
 * polled as an agent polls it until its compilers are quiet ({@link #warmUpSocket}). Measured: the balancer's CPU time and wall
 * time for the load (and the share of a JVM's collector and JIT compiler threads in it), its
 * resident memory per entry (and, for the bundled balancer, live heap per entry after GC), and
 * requests/s and CPU per request through the map before and after it is filled.
 *
 * <p>A second frontend denies the clients of an ACL file ({@code acl ... src -f FILE}), empty at
 * start: {@value #ACL_ENTRIES} addresses are then added to its reference by {@code add acl FILE
 * ADDRESS} commands, as many as fit in a line joined by {@code ;} (HAProxy 2.6 has no payload for
 * {@code add acl}; a file of that size it reads at start-up, which a JVM's start would hide), one
 * connection per line. Measured likewise: load CPU and time, CPU per request with the empty and the
 * full ACL (the load's client, 127.0.0.1, is in neither, so every request looks through the tree).
 *
 * <p>The balancers run side by side and take turns, step by step, so that a ratio between them is
 * not one of the machine's minutes ({@link #takeTurns}, {@link #measureTargets}). A full table's
 * ratio to the empty one compares two steps, minutes apart, on a machine whose speed moves by a
 * third in that time (HAProxy's own map came out at 1.57x its empty one, 2026-12-04 10:00 UTC). So
 * each frontend has a twin whose map or ACL file stays empty, measured in the same turns as the
 * full one after the load ("beside"): their ratio is the lookup's cost in the same minute, though
 * not what the loaded entries cost the rest of the process, which the before/after ratio also counts.
 */
public final class PatternsPart extends Part {
    static final String SECTION = "patterns";
    /** Bytes of one whole payload request (command line, lines, ending empty line): HAProxy 2.6's limit. */
    static final int PAYLOAD_BYTES = 16_383;
    static final Metric LOAD_CPU = Metric.of(SECTION, "CPU to load the map", "s").withGoal("<=1.0");
    static final Metric LOAD_TIME = Metric.of(SECTION, "time to load the map", "s");
    static final Metric RSS_PER_ENTRY = Metric.of(SECTION, "RSS per entry", "B").withGoal("<=2.0");
    static final Metric HEAP_PER_ENTRY = Metric.of(SECTION, "live heap per entry", "B");
    static final Metric RATE_EMPTY = Metric.of(SECTION, "requests/s, map_ip, empty map", "req/s");
    static final Metric RATE_FULL = Metric.of(SECTION, "requests/s, map_ip, full map", "req/s");
    static final Metric CPU_EMPTY = Metric.of(SECTION, "CPU per request, empty map", "µs");
    static final Metric CPU_FULL = Metric.of(SECTION, "CPU per request, full map", "µs");
    static final Metric CPU_FULL_OVER_EMPTY = Metric.of(SECTION, "CPU/request full÷empty map", "×").withGoal("each<=1.1");
    static final Metric LOAD_COLLECTOR = Metric.of(SECTION, "load CPU: collector threads", "s");
    static final Metric LOAD_COMPILER = Metric.of(SECTION, "load CPU: JIT compilers", "s");
    static final int ACL_ENTRIES = 100_000;
    static final Metric ACL_LOAD_CPU = Metric.of(SECTION, "CPU to add 100k to the ACL", "s");
    static final Metric ACL_LOAD_TIME = Metric.of(SECTION, "time to add 100k to the ACL", "s");
    static final Metric ACL_CPU_EMPTY = Metric.of(SECTION, "CPU per request, empty ACL", "µs");
    static final Metric ACL_CPU_FULL = Metric.of(SECTION, "CPU per request, full ACL", "µs");
    static final Metric ACL_CPU_FULL_OVER_EMPTY = Metric.of(SECTION, "CPU/request full÷empty ACL", "×").withGoal("each<=1.1");
    static final Metric CPU_EMPTY_BESIDE = Metric.of(SECTION, "CPU per request, empty map beside", "µs");
    static final Metric CPU_FULL_OVER_BESIDE = Metric.of(SECTION, "CPU/request full÷empty map, same turns", "×");
    static final Metric ACL_CPU_EMPTY_BESIDE = Metric.of(SECTION, "CPU per request, empty ACL beside", "µs");
    static final Metric ACL_CPU_FULL_OVER_BESIDE = Metric.of(SECTION, "CPU/request full÷empty ACL, same turns", "×");

    public PatternsPart() {
        super("patterns", List.of(LOAD_CPU, LOAD_TIME, LOAD_COLLECTOR, LOAD_COMPILER, RSS_PER_ENTRY, HEAP_PER_ENTRY,
                RATE_EMPTY, RATE_FULL, CPU_EMPTY, CPU_FULL, CPU_FULL_OVER_EMPTY, CPU_EMPTY_BESIDE, CPU_FULL_OVER_BESIDE,
                ACL_LOAD_CPU, ACL_LOAD_TIME, ACL_CPU_EMPTY, ACL_CPU_FULL, ACL_CPU_FULL_OVER_EMPTY, ACL_CPU_EMPTY_BESIDE,
                ACL_CPU_FULL_OVER_BESIDE));
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        return wrkMissing(ctx);
    }

    /**
     * A million entries take about 200 MB of heap in the bundled balancer (its default maximum,
     * {@code -Xmx256m}, is sized for servers and connections): this part gives it 1 GiB, as an
     * operator loading such a map sets {@code GANGLION_JAVA_OPTS}. The later option wins.
     */
    @Override
    protected LaunchSettings launchSettings(BenchContext ctx, TargetKind kind) {
        LaunchSettings settings = super.launchSettings(ctx, kind);
        return kind.isGanglion() ? settings.withJavaOptions(List.of("-Xmx1g")) : settings;
    }

    /** Each started target's other frontends, by its map frontend's (ready) port. */
    private final Map<Integer, Frontends> frontendsByReadyPort = new HashMap<>();

    /**
     * @param acl         the ACL frontend's port
     * @param emptyMap    the map frontend's twin, whose map stays empty
     * @param emptyAcl    the ACL frontend's twin, whose ACL file stays empty
     */
    private record Frontends(int acl, int emptyMap, int emptyAcl) {
    }

    private static Path mapFile(BenchContext ctx, TargetKind kind, String suffix) {
        return emptyFile(ctx.workDir().resolve("patterns-" + kind.label() + suffix + ".map"));
    }

    private static Path aclFile(BenchContext ctx, TargetKind kind, String suffix) {
        return emptyFile(ctx.workDir().resolve("patterns-" + kind.label() + suffix + ".acl"));
    }

    private static Path emptyFile(Path file) {
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        int readyPort = newReadyPort();
        Frontends f = new Frontends(BenchContext.freePort(), BenchContext.freePort(), BenchContext.freePort());
        frontendsByReadyPort.put(readyPort, f);
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_patterns", "http", readyPort, "be_patterns")
                .line("http-request set-header X-Country %[src,map_ip(" + mapFile(ctx, kind, "") + ",UNKNOWN)]")
                .frontend("fe_patterns_empty", "http", f.emptyMap(), "be_patterns")
                .line("http-request set-header X-Country %[src,map_ip(" + mapFile(ctx, kind, "-empty") + ",UNKNOWN)]")
                .frontend("fe_acl", "http", f.acl(), "be_patterns")
                .line("acl listed src -f " + aclFile(ctx, kind, ""))
                .line("http-request deny if listed")
                .frontend("fe_acl_empty", "http", f.emptyAcl(), "be_patterns")
                .line("acl listed src -f " + aclFile(ctx, kind, "-empty"))
                .line("http-request deny if listed")
                .backend("be_patterns", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    /**
     * The targets take turns ({@link #takeTurns}), each step on every target before the next: the
     * empty map's warm-up and runs, the stats socket's warm-up, the map's load (each target's CPU and time measured in its own
     * turn), the full map's, each run followed in the same turn by one through the empty twin, then
     * likewise the ACL's.
     */
    @Override
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        Wrk wrk = ctx.wrk().orElseThrow();
        List<Consumer<Turn>> steps = new ArrayList<>();
        steps.add(t -> { // bound after the ready port
            Frontends f = frontends(t);
            for (int port : List.of(f.acl(), f.emptyMap(), f.emptyAcl())) {
                t.balancer().orElseThrow().awaitListening(port);
            }
        });
        addRuns(ctx, wrk, steps, Turn::port, RATE_EMPTY, CPU_EMPTY);
        steps.add(t -> warmUpSocket(ctx, t));
        steps.add(t -> loadMap(ctx, t));
        addRunsBeside(ctx, wrk, steps, Turn::port, t -> frontends(t).emptyMap(), RATE_FULL, CPU_FULL, CPU_EMPTY_BESIDE);
        steps.add(t -> t.samples().add(CPU_FULL_OVER_EMPTY, median(t, CPU_FULL) / median(t, CPU_EMPTY)));
        steps.add(t -> t.samples().add(CPU_FULL_OVER_BESIDE, median(t, CPU_FULL) / median(t, CPU_EMPTY_BESIDE)));
        addRuns(ctx, wrk, steps, t -> frontends(t).acl(), null, ACL_CPU_EMPTY);
        steps.add(t -> loadAcl(ctx, t));
        addRunsBeside(ctx, wrk, steps, t -> frontends(t).acl(), t -> frontends(t).emptyAcl(), null, ACL_CPU_FULL,
                ACL_CPU_EMPTY_BESIDE);
        steps.add(t -> t.samples().add(ACL_CPU_FULL_OVER_EMPTY, median(t, ACL_CPU_FULL) / median(t, ACL_CPU_EMPTY)));
        steps.add(t -> t.samples().add(ACL_CPU_FULL_OVER_BESIDE, median(t, ACL_CPU_FULL) / median(t, ACL_CPU_EMPTY_BESIDE)));
        takeTurns(ctx, available, 0, steps);
    }

    private Frontends frontends(Turn turn) {
        return frontendsByReadyPort.get(turn.port());
    }

    /**
     * As {@link #addRuns}, each measured run through {@code port} paired, in the same turn and
     * {@link #alternately}, with one through its empty twin {@code besidePort}, whose CPU per
     * request goes to {@code besideCpu}.
     */
    private static void addRunsBeside(BenchContext ctx, Wrk wrk, List<Consumer<Turn>> steps, ToIntFunction<Turn> port,
            ToIntFunction<Turn> besidePort, Metric rate, Metric cpu, Metric besideCpu) {
        steps.add(t -> HttpRun.warmUp(ctx, wrk, port.applyAsInt(t), false, t.tree()));
        steps.add(t -> HttpRun.warmUp(ctx, wrk, besidePort.applyAsInt(t), false, t.tree()));
        for (int i = 0; i < ctx.options().runs(); i++) {
            int run = i;
            steps.add(t -> alternately(run,
                    () -> record(t, HttpRun.once(ctx, wrk, port.applyAsInt(t), false, t.tree()), rate, cpu),
                    () -> record(t, HttpRun.once(ctx, wrk, besidePort.applyAsInt(t), false, t.tree()), null, besideCpu)));
        }
    }

    private static void record(Turn t, HttpRun run, Metric rate, Metric cpu) {
        if (rate != null) {
            t.samples().add(rate, run.wrk().requestsPerSecond());
        }
        t.samples().add(cpu, run.cpuMicrosPerRequest());
    }

    /**
     * A warm-up, then {@code --runs} measured runs through the frontend at {@code port}, each a step:
     * their rates (when {@code rate} is not null) and CPU per request recorded.
     */
    private static void addRuns(BenchContext ctx, Wrk wrk, List<Consumer<Turn>> steps, ToIntFunction<Turn> port,
            Metric rate, Metric cpu) {
        steps.add(t -> HttpRun.warmUp(ctx, wrk, port.applyAsInt(t), false, t.tree()));
        for (int i = 0; i < ctx.options().runs(); i++) {
            steps.add(t -> record(t, HttpRun.once(ctx, wrk, port.applyAsInt(t), false, t.tree()), rate, cpu));
        }
    }

    /** What an agent asks a balancer's stats socket over and over, each on a connection of its own. */
    private static final List<String> POLLS = List.of("show info", "show stat", "show servers state", "show map",
            "show acl", "show table", "show sess", "show errors", "help");

    /**
     * Polls the stats socket as an agent does ({@link #POLLS}, one connection each) until the
     * compilers are quiet ({@link WarmUp}, as the HTTP runs warm up): a sidecar's socket has served
     * its agent for hours when a map is loaded. A JVM's first connections to a fresh socket compile
     * its connection and command path (Netty's channel set-up, the session, the line decoder): in
     * hand runs of the million-entry load on 2026-12-05 that was 0.2-0.3 s of the cold load's
     * 1.45-1.55 s, all of it compiler threads and not the load's. The load's own path (the payload
     * parser, the tree) is not warmed: its compilation is still the load's cost.
     */
    private void warmUpSocket(BenchContext ctx, Turn turn) {
        Path socket = ctx.socketPath(name(), turn.kind());
        ProcessTree tree = turn.tree().orElseThrow();
        WarmUp.Outcome o = WarmUp.run(ctx.options().warmup(), length -> poll(socket, length), tree::compilerCpuNanos);
        ctx.say("   %s: stats socket polled for %d s before the load%s", turn.kind().label(), o.seconds(),
                o.settled() ? "" : String.format(" (compilers still at %.0f%% of a core)", 100 * o.compilingShare()));
    }

    /** {@link #POLLS} in turn for {@code length}; polls per second. */
    private static double poll(Path socket, Duration length) {
        long end = System.nanoTime() + length.toNanos();
        int polls = 0;
        while (System.nanoTime() < end) {
            send(socket, POLLS.get(polls % POLLS.size()));
            polls++;
        }
        return polls / (length.toNanos() / 1e9);
    }

    /** Fills the map over the stats socket: the balancer's CPU, time and memory for it. */
    private void loadMap(BenchContext ctx, Turn turn) {
        TargetKind kind = turn.kind();
        BalancerProcess balancer = turn.balancer().orElseThrow();
        ProcessTree tree = balancer.tree();
        SampleSet samples = turn.samples();
        Path socket = ctx.socketPath(name(), kind);
        String map = ctx.workDir().resolve("patterns-" + kind.label() + ".map").toString();
        OptionalLong heapBefore = kind.isGanglion() ? HeapUsage.liveBytes(balancer.pid()) : OptionalLong.empty();
        long rssBefore = tree.rssBytes();
        long cpuBefore = tree.cpuNanos();
        long collectorBefore = tree.collectorCpuNanos();
        long compilerBefore = tree.compilerCpuNanos();
        long start = System.nanoTime();
        int entries = ctx.options().mapEntries();
        int payloads = load(socket, map, entries);
        samples.add(LOAD_TIME, (System.nanoTime() - start) / 1e9);
        samples.add(LOAD_CPU, (tree.cpuNanos() - cpuBefore) / 1e9);
        if (kind.isGanglion()) {
            samples.add(LOAD_COLLECTOR, (tree.collectorCpuNanos() - collectorBefore) / 1e9);
            samples.add(LOAD_COMPILER, (tree.compilerCpuNanos() - compilerBefore) / 1e9);
        }
        samples.add(RSS_PER_ENTRY, (double) (tree.rssBytes() - rssBefore) / entries);
        if (heapBefore.isPresent()) {
            HeapUsage.liveBytes(balancer.pid())
                    .ifPresent(after -> samples.add(HEAP_PER_ENTRY, (double) (after - heapBefore.getAsLong()) / entries));
        }
        String count = send(socket, "show map").lines().filter(l -> l.contains(map)).findFirst().orElse("");
        ctx.say("   %s: %d entries in %d payloads; %s", kind.label(), entries, payloads,
                count.substring(Math.max(0, count.indexOf("entry_cnt"))));
    }

    /** Fills the ACL over the stats socket: the balancer's CPU and time for it. */
    private void loadAcl(BenchContext ctx, Turn turn) {
        ProcessTree tree = turn.tree().orElseThrow();
        String acl = ctx.workDir().resolve("patterns-" + turn.kind().label() + ".acl").toString();
        long cpuBefore = tree.cpuNanos();
        long start = System.nanoTime();
        int lines = loadAcl(ctx.socketPath(name(), turn.kind()), acl, ACL_ENTRIES);
        turn.samples().add(ACL_LOAD_TIME, (System.nanoTime() - start) / 1e9);
        turn.samples().add(ACL_LOAD_CPU, (tree.cpuNanos() - cpuBefore) / 1e9);
        ctx.say("   %s: %d addresses added to the ACL in %d lines", turn.kind().label(), ACL_ENTRIES, lines);
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        throw new UnsupportedOperationException("the patterns part takes its targets in turns (measureTargets)");
    }

    private static double median(Turn turn, Metric metric) {
        return median(turn.samples().values(metric));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * Adds {@code entries} distinct addresses (none of them 127.0.0.1) to the ACL file's reference,
     * {@code add acl} commands joined by {@code ;} in lines of at most {@value #PAYLOAD_BYTES}
     * bytes, one connection per line; the number of lines.
     */
    private static int loadAcl(Path socket, String acl, int entries) {
        StringBuilder line = new StringBuilder();
        int lines = 0;
        for (int n = 0; n < entries; n++) {
            String command = "add acl " + acl + " " + host32(n).replace("/32", "");
            if (line.length() + command.length() + 2 > PAYLOAD_BYTES) {
                sendCommands(socket, line);
                lines++;
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : ";").append(command);
        }
        sendCommands(socket, line);
        return lines + 1;
    }

    private static void sendCommands(Path socket, StringBuilder line) {
        String answer = send(socket, line.append('\n').toString());
        if (!answer.isBlank()) {
            throw new IllegalStateException("add acl refused: " + answer.strip());
        }
    }

    /** Sends {@code entries} networks in payloads; the number of payloads. */
    private static int load(Path socket, String map, int entries) {
        String head = "add map " + map + " <<\n";
        StringBuilder request = new StringBuilder(head);
        int payloads = 0;
        for (int n = 0; n < entries; n++) {
            // distinct /32s and /24s spread over 1.0.0.0-... so the tree is as deep as real data makes it
            String line = (n % 2 == 0 ? network24(n) : host32(n)) + " C" + (n % 250) + "\n";
            if (request.length() + line.length() + 1 > PAYLOAD_BYTES) {
                sendPayload(socket, request);
                payloads++;
                request.setLength(0);
                request.append(head);
            }
            request.append(line);
        }
        sendPayload(socket, request);
        return payloads + 1;
    }

    private static String network24(int n) {
        int v = 0x0100_0000 + (n / 2) * 256;
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + ".0/24";
    }

    private static String host32(int n) {
        int v = 0x8000_0000 + n * 7;
        return ((v >>> 24) & 255) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255) + "/32";
    }

    private static void sendPayload(Path socket, StringBuilder request) {
        String answer = send(socket, request.append('\n').toString());
        if (!answer.isBlank()) {
            throw new IllegalStateException("add map refused: " + answer.strip());
        }
    }

    /** One request on its own connection, as {@code socat} sends it; the whole answer. */
    private static String send(Path socket, String request) {
        String text = request.endsWith("\n") ? request : request + "\n";
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (ch.read(buf) >= 0) {
                out.write(buf.array(), 0, buf.position());
                buf.clear();
            }
            return out.toString(StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("stats socket " + socket, e);
        }
    }
}
