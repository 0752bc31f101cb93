package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code startup}: a cold balancer, from exec to its first answered request (through to a backend),
 * then its requests/s in each of its first ten seconds under the {@code http} keep-alive load, as a
 * share of its own warm rate (measured right after, following a warm-up). The bundled balancer is
 * started as {@code ./ganglion balancer} starts it: its {@code jvm.options}, and its class-data
 * archive when the build made one ({@code balancer/target/ganglion-balancer.jsa}); a row without
 * the archive shows what it gives. HAProxy beside it.
 */
public final class StartupPart {
    static final String SECTION = "startup";
    static final Metric FIRST_ANSWER = new Metric(SECTION, "exec to 1st answer", "ms", "<=1000ms");
    static final Metric FIRST_ANSWER_NO_ARCHIVE = Metric.of(SECTION, "1st answer, no CDS", "ms");
    static final Metric FIRST_SECOND = Metric.of(SECTION, "req/s 1st s / warm", "x");
    static final Metric LOWEST_FIRST_FIVE = new Metric(SECTION, "min req/s s2-5 / warm", "x", ">=0.8");
    static final Metric LOWEST_LAST_FIVE = Metric.of(SECTION, "min req/s s6-10 / warm", "x");
    static final Metric WARM = Metric.of(SECTION, "warm requests/s", "req/s");
    private static final int SECONDS = 10;
    private static final Path ARCHIVE = Path.of("balancer/target/ganglion-balancer.jsa");
    private static final Path JAR = Path.of("balancer/target/ganglion-balancer.jar");

    public void run(BenchContext ctx) {
        ctx.say("== startup");
        if (ctx.wrk().isEmpty()) {
            ctx.say("   not available: wrk is not installed (apt-get install -y wrk)");
            return;
        }
        for (TargetKind kind : ctx.options().balancers()) {
            if (kind == TargetKind.BASELINE || (kind == TargetKind.HAPROXY && ctx.haproxyMissing().isPresent())) {
                continue;
            }
            ctx.say("   %s ...", kind.label());
            SampleSet samples = new SampleSet();
            try {
                for (int i = 0; i < ctx.options().runs(); i++) {
                    measureOnce(ctx, kind, kind == TargetKind.GANGLION && Files.isRegularFile(ARCHIVE), samples, true);
                    if (kind == TargetKind.GANGLION && Files.isRegularFile(ARCHIVE)) {
                        measureOnce(ctx, kind, false, samples, false);
                    }
                }
                samples.addTo(ctx.results(), kind);
            } catch (RuntimeException e) {
                ctx.say("   %s: %s", kind.label(), e.getMessage());
            }
        }
    }

    /** One cold start: the first answer, then (when {@code rates}) the first ten seconds and the warm rate. */
    private void measureOnce(BenchContext ctx, TargetKind kind, boolean archive, SampleSet samples, boolean rates) {
        int port = BenchContext.freePort();
        ConfigText config = new ConfigText(ctx.options().threads(), ctx.socketPath(SECTION, kind))
                .frontend("fe_http", "http", port, "be_http")
                .backend("be_http", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
        Path file = ctx.workDir().resolve("startup-" + kind.label() + ".cfg");
        try {
            Files.writeString(file, config.text());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        Path log = ctx.options().outDir().resolve("logs").resolve("startup-" + kind.label() + ".log");
        List<String> command = kind == TargetKind.HAPROXY ? List.of(ctx.launch().haproxy(), "-db", "-f", file.toString())
                : balancerCommand(ctx, archive, file);
        long exec = System.nanoTime();
        try (BalancerProcess balancer = BalancerProcess.startCommand(kind, command, log, port)) {
            awaitFirstAnswer(port);
            double firstAnswer = (System.nanoTime() - exec) / 1e6;
            samples.add(archive || kind == TargetKind.HAPROXY || !Files.isRegularFile(ARCHIVE) ? FIRST_ANSWER
                    : FIRST_ANSWER_NO_ARCHIVE, firstAnswer);
            if (!rates) {
                ctx.say("   %s without the archive: first answer after %.0f ms", kind.label(), firstAnswer);
                return;
            }
            BenchOptions o = ctx.options();
            Wrk wrk = ctx.wrk().orElseThrow();
            List<Double> perSecond = new ArrayList<>();
            for (int s = 0; s < SECONDS; s++) {
                perSecond.add(wrk.run(port, o.threads(), o.connections(), Duration.ofSeconds(1), false).requestsPerSecond());
            }
            wrk.run(port, o.threads(), o.connections(), o.warmup().isZero() ? Duration.ofSeconds(1) : o.warmup(), false);
            double warm = wrk.run(port, o.threads(), o.connections(), o.duration(), false).requestsPerSecond();
            samples.add(WARM, warm);
            samples.add(FIRST_SECOND, perSecond.get(0) / warm);
            samples.add(LOWEST_FIRST_FIVE, perSecond.subList(1, 5).stream().mapToDouble(r -> r / warm).min().orElseThrow());
            samples.add(LOWEST_LAST_FIVE, perSecond.subList(5, SECONDS).stream().mapToDouble(r -> r / warm).min().orElseThrow());
            ctx.say("   %s%s: first answer after %.0f ms; req/s per second over the first %d s, as shares of %.0f warm: %s",
                    kind.label(), archive ? " (CDS archive)" : "", firstAnswer, SECONDS, warm,
                    perSecond.stream().map(r -> String.format(Locale.ROOT, "%.2f", r / warm)).toList());
        }
    }

    /** As {@code ./ganglion balancer} runs it: this build's jar and libraries, its JVM options, its archive. */
    private static List<String> balancerCommand(BenchContext ctx, boolean archive, Path config) {
        List<String> command = new ArrayList<>(List.of(ctx.launch().java()));
        command.addAll(ctx.launch().javaOptions());
        if (archive) {
            command.add("-XX:SharedArchiveFile=" + ARCHIVE.toAbsolutePath());
        }
        command.add("-XX:+ExitOnOutOfMemoryError");
        String classpath = Files.isRegularFile(JAR)
                ? JAR.toAbsolutePath() + java.io.File.pathSeparator + JAR.toAbsolutePath().getParent().resolve("lib") + "/*"
                : ctx.launch().classpath();
        command.addAll(List.of("-cp", classpath, "io.ganglion.balancer.BalancerMain", "-f", config.toString(), "--grace", "1"));
        return command;
    }

    /** Sends {@code GET /} until an answer with status 200 comes back (a backend answered through it). */
    private static void awaitFirstAnswer(int port) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                socket.setSoTimeout(5000);
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.1\r\nHost: b\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                InputStream in = socket.getInputStream();
                byte[] head = in.readNBytes(12);
                if (new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200")) {
                    return;
                }
            } catch (IOException notYet) {
                // not answering yet
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
        throw new IllegalStateException("no answer through 127.0.0.1:" + port + " within 60 s");
    }
}
