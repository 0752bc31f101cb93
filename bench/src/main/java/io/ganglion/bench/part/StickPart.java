package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.report.Metric;
import io.ganglion.runtime.Answer;
import io.ganglion.runtime.Command;
import io.ganglion.runtime.RuntimeSession;
import io.ganglion.runtime.Timeouts;
import io.ganglion.runtime.UnixSocketEndpoint;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code stick}: issue 15's table figures. A table of the seed's shape
 * ({@code type ip size 1m expire 15m store gpt0,http_req_rate(10s)}) receives {@code --stick-entries}
 * (1,000,000) {@code set table ... data.gpt0 1} of distinct addresses in one prompt session (pipelined by
 * thousands); then one {@code show table} lists them all. Reported: the balancer's CPU time for
 * the inserts and for the dump, and the memory each entry added (resident set; for the bundled
 * balancer also its live heap after a full collection).
 */
public final class StickPart extends Part {
    static final String SECTION = "stick";
    static final String TABLE = "st_stick";
    private static final int BATCH = 1000;
    static final Metric INSERT_CPU = new Metric(SECTION, "set table, CPU", "s", "<=2.0");
    static final Metric RSS_PER_ENTRY = new Metric(SECTION, "memory per entry (RSS)", "B", "<=2.0");
    static final Metric HEAP_PER_ENTRY = Metric.of(SECTION, "live heap per entry", "B");
    static final Metric DUMP_CPU = new Metric(SECTION, "show table, all, CPU", "s", "<=2.0");

    public StickPart() {
        super("stick", List.of(INSERT_CPU, RSS_PER_ENTRY, HEAP_PER_ENTRY, DUMP_CPU));
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_stick", "http", newReadyPort(), TABLE)
                .tableBackend(TABLE, "type ip size 1m expire 15m store gpt0,http_req_rate(10s)");
    }

    /** {@code 10.A.B.C}: a distinct address for each of the million. */
    private static Command setEntry(int i) {
        return Command.of("set", "table", TABLE, "key", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255),
                "data.gpt0", "1");
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        ProcessTree tree = balancer.orElseThrow().tree();
        int entries = ctx.options().stickEntries();
        SampleSet samples = new SampleSet();
        Path socket = ctx.socketPath(name(), kind);
        if (!appears(socket)) {
            markUnavailable(ctx.results(), kind, "no stats socket at " + socket);
            return;
        }
        try (RuntimeSession session = new RuntimeSession(new UnixSocketEndpoint(socket), Timeouts.DEFAULT)) {
            Answer probe = session.execute(setEntry(0));
            if (!probe.isSuccess()) {
                ctx.say("   %s: not available: %s", kind.label(), probe.text().strip());
                markUnavailable(ctx.results(), kind, probe.text().strip());
                return;
            }
            OptionalLong heapBefore = kind.isGanglion() ? HeapUsage.liveBytes(balancer.get().pid()) : OptionalLong.empty();
            long rssBefore = tree.rssBytes();
            long cpuBefore = tree.cpuNanos();
            List<Command> batch = new ArrayList<>(BATCH);
            for (int i = 1; i < entries; i++) {
                batch.add(setEntry(i));
                if (batch.size() == BATCH || i == entries - 1) {
                    session.pipeline(batch).forEach(Answer::orThrow);
                    batch.clear();
                }
            }
            samples.add(INSERT_CPU, (tree.cpuNanos() - cpuBefore) / 1e9);
            samples.add(RSS_PER_ENTRY, (double) (tree.rssBytes() - rssBefore) / entries);
            long dumpCpuBefore = tree.cpuNanos();
            long lines = linesOf(socket, "show table " + TABLE);
            samples.add(DUMP_CPU, (tree.cpuNanos() - dumpCpuBefore) / 1e9);
            ctx.say("   %s: show table listed %d lines", kind.label(), lines);
            if (heapBefore.isPresent()) {
                HeapUsage.liveBytes(balancer.get().pid()).ifPresent(
                        after -> samples.add(HEAP_PER_ENTRY, (double) (after - heapBefore.getAsLong()) / entries));
            }
        }
        samples.addTo(ctx.results(), kind);
    }

    /**
     * The balancer listens on its frontend, which tells the harness it is up, before its stats
     * socket exists (the bundled one binds its frontends first): waits a little for the socket.
     */
    private static boolean appears(Path socket) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(socket)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // a harness polling a file, not a test
        }
        return true;
    }

    /**
     * Sends one command on a connection of its own and counts the answer's lines as they arrive:
     * a million entries are some 80 MB, more than a {@link RuntimeSession} keeps of an answer.
     */
    private static long linesOf(Path socket, String command) {
        try (SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ch.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            long lines = 0;
            while (ch.read(buf) >= 0) {
                buf.flip();
                while (buf.hasRemaining()) {
                    if (buf.get() == '\n') {
                        lines++;
                    }
                }
                buf.clear();
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
