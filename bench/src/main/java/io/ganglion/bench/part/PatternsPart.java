package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.LaunchSettings;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
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
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code patterns}: a frontend whose every request looks its client up in a map with
 * {@code map_ip} (an {@code http-request set-header}); {@code --map-entries} (1,000,000) distinct CIDR networks
 * are then loaded into the map over the stats socket by {@code add map FILE <<} payloads of at
 * most {@value #PAYLOAD_BYTES} bytes each (the most HAProxy 2.6 takes), one connection per
 * payload as a seeding script with socat sends them. Measured: the balancer's CPU time and wall
 * time for the load, its resident memory per entry (and, for the bundled balancer, live heap per
 * entry after GC), and requests/s through the map before and after it is filled.
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

    public PatternsPart() {
        super("patterns", List.of(LOAD_CPU, LOAD_TIME, RSS_PER_ENTRY, HEAP_PER_ENTRY, RATE_EMPTY, RATE_FULL,
                CPU_EMPTY, CPU_FULL));
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

    private static Path mapFile(BenchContext ctx, TargetKind kind) {
        Path file = ctx.workDir().resolve("patterns-" + kind.label() + ".map");
        try {
            Files.writeString(file, "");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_patterns", "http", newReadyPort(), "be_patterns")
                .line("http-request set-header X-Country %[src,map_ip(" + mapFile(ctx, kind) + ",UNKNOWN)]")
                .backend("be_patterns", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        BenchOptions o = ctx.options();
        Wrk wrk = ctx.wrk().orElseThrow();
        ProcessTree tree = balancer.orElseThrow().tree();
        Path socket = ctx.socketPath(name(), kind);
        String map = ctx.workDir().resolve("patterns-" + kind.label() + ".map").toString();
        SampleSet samples = new SampleSet();
        HttpRun.measure(ctx, wrk, readyPort(), false, Optional.of(tree)).forEach(run -> {
            samples.add(RATE_EMPTY, run.wrk().requestsPerSecond());
            samples.add(CPU_EMPTY, run.cpuMicrosPerRequest());
        });
        OptionalLong heapBefore = kind.isGanglion() ? HeapUsage.liveBytes(balancer.get().pid()) : OptionalLong.empty();
        long rssBefore = tree.rssBytes();
        long cpuBefore = tree.cpuNanos();
        long start = System.nanoTime();
        int entries = o.mapEntries();
        int payloads = load(socket, map, entries);
        samples.add(LOAD_TIME, (System.nanoTime() - start) / 1e9);
        samples.add(LOAD_CPU, (tree.cpuNanos() - cpuBefore) / 1e9);
        samples.add(RSS_PER_ENTRY, (double) (tree.rssBytes() - rssBefore) / entries);
        if (heapBefore.isPresent()) {
            HeapUsage.liveBytes(balancer.get().pid())
                    .ifPresent(after -> samples.add(HEAP_PER_ENTRY, (double) (after - heapBefore.getAsLong()) / entries));
        }
        String count = send(socket, "show map").lines().filter(l -> l.contains(map)).findFirst().orElse("");
        ctx.say("   %s: %d entries in %d payloads; %s", kind.label(), entries, payloads,
                count.substring(Math.max(0, count.indexOf("entry_cnt"))));
        HttpRun.measure(ctx, wrk, readyPort(), false, Optional.of(tree)).forEach(run -> {
            samples.add(RATE_FULL, run.wrk().requestsPerSecond());
            samples.add(CPU_FULL, run.cpuMicrosPerRequest());
        });
        samples.addTo(ctx.results(), kind);
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
