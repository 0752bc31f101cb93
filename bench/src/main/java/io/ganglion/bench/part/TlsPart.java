package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.ProcessTree;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.load.HandshakeLoad;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code tls}: issue 16's figures, each balancer on the same certificates and ticket keys (made
 * with {@code openssl} in the run's directory): full handshakes/s with an ECDSA P-256 and an RSA
 * 2048 certificate ({@code openssl s_time -new}, TLS 1.3), resumed handshakes/s (TLS 1.2 tickets,
 * {@code s_time -reuse}), the balancer's CPU per full ECDSA and RSA handshake, and keep-alive HTTPS
 * requests/s with wrk. The bundled balancer uses BoringSSL (netty-tcnative), HAProxy 2.6 the
 * system's OpenSSL 3.0. The targets run side by side and take turns, run by run
 * ({@link #measureTargets}).
 */
public final class TlsPart extends Part {
    static final String SECTION = "tls";
    static final Metric FULL_EC = new Metric(SECTION, "full handshakes, ECDSA P-256", "/s", ">=1.0");
    static final Metric FULL_RSA = new Metric(SECTION, "full handshakes, RSA 2048", "/s", ">=1.0");
    static final Metric RESUMED = new Metric(SECTION, "resumed handshakes (tickets)", "/s", ">=1.0");
    static final Metric CPU_PER_HANDSHAKE = Metric.of(SECTION, "CPU per full ECDSA handshake", "us");
    /** Beside the RSA rate, which the {@code s_time} clients' own CPU bounds on 2 cores as much as the balancer's. */
    static final Metric CPU_PER_RSA_HANDSHAKE = Metric.of(SECTION, "CPU per full RSA handshake", "us");
    static final Metric KEEP_ALIVE = new Metric(SECTION, "keep-alive HTTPS requests", "req/s", ">=1.0");

    private static final int WARMUP_SLICE_SECONDS = 3;
    private static final int COMPILING_PERCENT = 5;
    private static final int STABLE_PERCENT = 10;

    /** Each started target's RSA frontend, by its ECDSA frontend's (ready) port. */
    private final Map<Integer, Integer> rsaPortByReadyPort = new HashMap<>();
    private Path pki;

    public TlsPart() {
        super("tls", List.of(FULL_EC, FULL_RSA, RESUMED, CPU_PER_HANDSHAKE, CPU_PER_RSA_HANDSHAKE, KEEP_ALIVE));
    }

    @Override
    protected List<TargetKind> targets(BenchContext ctx) {
        return ctx.options().balancers();
    }

    @Override
    protected Optional<String> missingTool(BenchContext ctx) {
        if (!Files.isExecutable(Path.of("/usr/bin/openssl"))) {
            return Optional.of("openssl is not installed (apt-get install -y openssl)");
        }
        return wrkMissing(ctx);
    }

    @Override
    protected ConfigText config(BenchContext ctx, TargetKind kind) {
        Path dir = pki(ctx);
        int ecPort = newReadyPort();
        int rsaPort = BenchContext.freePort();
        rsaPortByReadyPort.put(ecPort, rsaPort);
        String keys = " tls-ticket-keys " + dir.resolve("ticket-keys");
        return new ConfigText(ctx.options().threads(), ctx.socketPath(name(), kind))
                .frontend("fe_ec", "http", ecPort, "be_http", "ssl crt " + dir.resolve("ec.pem") + keys, List.of())
                .frontend("fe_rsa", "http", rsaPort, "be_http", "ssl crt " + dir.resolve("rsa.pem") + keys, List.of())
                .backend("be_http", "http", "s", Backends.HTTP_SERVERS, ctx.backends().httpPorts());
    }

    /**
     * The targets take turns ({@link #takeTurns}): each one's warm-up, then in each run each of the
     * four loads on every target in turn. With a whole run (four loads) per turn, the turns were
     * still 20 s apart and one run's ratios went from 0.25 to 1.9 at load 15 (2026-12-03 23:29 UTC):
     * the turns are load by load.
     */
    @Override
    protected void measureTargets(BenchContext ctx, List<TargetKind> available) {
        List<Consumer<Turn>> steps = new ArrayList<>();
        steps.add(t -> warmUp(ctx, ports(t)));
        for (int i = 0; i < ctx.options().runs(); i++) {
            for (var load : LOADS) {
                steps.add(t -> load.accept(ctx, ports(t)));
            }
        }
        takeTurns(ctx, available, 0, steps);
    }

    private Ports ports(Turn turn) {
        return new Ports(turn, turn.port(), rsaPortByReadyPort.get(turn.port()));
    }

    /** A started target's two frontends: ECDSA (its ready port) and RSA. */
    private record Ports(Turn turn, int ecPort, int rsaPort) {
        ProcessTree tree() {
            return turn.tree().orElseThrow();
        }

        SampleSet samples() {
            return turn.samples();
        }
    }

    @Override
    protected void measure(BenchContext ctx, TargetKind kind, Optional<BalancerProcess> balancer) {
        throw new UnsupportedOperationException("the tls part alternates its targets (measureTargets)");
    }

    /** The four loads of a run, each measured on every target before the next load starts. */
    private static final List<java.util.function.BiConsumer<BenchContext, Ports>> LOADS = List.of(
            TlsPart::fullEcdsa, TlsPart::fullRsa, TlsPart::resumed, TlsPart::keepAlive);

    private static void fullEcdsa(BenchContext ctx, Ports target) {
        ProcessTree tree = target.tree();
        long cpuBefore = tree.cpuNanos();
        HandshakeLoad.Result ec = HandshakeLoad.run(target.ecPort(), false, ctx.options().threads(), ctx.options().duration());
        target.samples().add(FULL_EC, ec.perSecond());
        target.samples().add(CPU_PER_HANDSHAKE, (tree.cpuNanos() - cpuBefore) / 1e3 / Math.max(1, ec.handshakes()));
    }

    private static void fullRsa(BenchContext ctx, Ports target) {
        ProcessTree tree = target.tree();
        long cpuBefore = tree.cpuNanos();
        HandshakeLoad.Result rsa = HandshakeLoad.run(target.rsaPort(), false, ctx.options().threads(), ctx.options().duration());
        target.samples().add(FULL_RSA, rsa.perSecond());
        target.samples().add(CPU_PER_RSA_HANDSHAKE, (tree.cpuNanos() - cpuBefore) / 1e3 / Math.max(1, rsa.handshakes()));
    }

    private static void resumed(BenchContext ctx, Ports target) {
        target.samples().add(RESUMED,
                HandshakeLoad.run(target.ecPort(), true, ctx.options().threads(), ctx.options().duration()).perSecond());
    }

    /** Measured after {@link HttpRun#SETTLE} of the same load, as the plain HTTP runs are, for the same reason. */
    private static void keepAlive(BenchContext ctx, Ports target) {
        BenchOptions o = ctx.options();
        Wrk wrk = ctx.wrk().orElseThrow();
        wrk.run("https", target.ecPort(), o.threads(), o.connections(), HttpRun.settle(o), false);
        target.samples().add(KEEP_ALIVE,
                wrk.run("https", target.ecPort(), o.threads(), o.connections(), o.duration(), false).requestsPerSecond());
    }

    /**
     * Each of the four loads in turn, {@value #WARMUP_SLICE_SECONDS} s each, for at least {@code
     * --warmup} and then until two rounds in a row agree on the CPU per ECDSA handshake within
     * {@value #STABLE_PERCENT}% and the balancer's JIT compiler threads (a JVM's; HAProxy has none)
     * spent under {@value #COMPILING_PERCENT}% of the last round, at most six times {@code --warmup}:
     * a JVM still compiling counts its compilers and its slower code in the CPU per handshake (at
     * load 25, after 10 s of warm-up, the two runs gave 833 and 408 us; the same build warm, 195 us).
     */
    private void warmUp(BenchContext ctx, Ports target) {
        // Frontends are bound one after another: the ready port is the first's.
        target.turn().balancer().orElseThrow().awaitListening(target.rsaPort());
        BenchOptions o = ctx.options();
        ProcessTree tree = target.tree();
        Wrk wrk = ctx.wrk().orElseThrow();
        long minimum = o.warmup().toSeconds();
        Duration slice = Duration.ofSeconds(Math.min(WARMUP_SLICE_SECONDS, Math.max(1, minimum)));
        long spent = 0;
        double previous = -1;
        while (minimum > 0 && spent < 6 * minimum) {
            long compilingBefore = tree.compilerCpuNanos();
            long cpuBefore = tree.cpuNanos();
            HandshakeLoad.Result ec = HandshakeLoad.run(target.ecPort(), false, o.threads(), slice);
            double cpuPerHandshake = (tree.cpuNanos() - cpuBefore) / (double) Math.max(1, ec.handshakes());
            HandshakeLoad.run(target.rsaPort(), false, o.threads(), slice);
            HandshakeLoad.run(target.ecPort(), true, o.threads(), slice);
            wrk.run("https", target.ecPort(), o.threads(), o.connections(), slice, false);
            long compiling = tree.compilerCpuNanos() - compilingBefore;
            spent += 4 * slice.toSeconds();
            boolean stable = previous > 0 && Math.abs(cpuPerHandshake - previous) * 100 <= STABLE_PERCENT * previous;
            if (spent >= minimum && stable && compiling * 100 < COMPILING_PERCENT * 4 * slice.toNanos()) {
                return;
            }
            previous = cpuPerHandshake;
        }
    }

    /** The run's certificates (made once) and ticket keys, shared by both balancers. */
    private Path pki(BenchContext ctx) {
        if (pki != null) {
            return pki;
        }
        Path dir = ctx.workDir().resolve("tls-pki");
        try {
            Files.createDirectories(dir);
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-keyout", "ec.key", "-out", "ec.crt", "-subj", "/CN=localhost", "-days", "7");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-keyout", "rsa.key", "-out", "rsa.crt", "-subj", "/CN=localhost", "-days", "7");
            Files.writeString(dir.resolve("ec.pem"), Files.readString(dir.resolve("ec.crt")) + Files.readString(dir.resolve("ec.key")));
            Files.writeString(dir.resolve("rsa.pem"), Files.readString(dir.resolve("rsa.crt")) + Files.readString(dir.resolve("rsa.key")));
            SecureRandom random = new SecureRandom();
            StringBuilder keys = new StringBuilder();
            for (int i = 0; i < 3; i++) {
                byte[] key = new byte[48];
                random.nextBytes(key);
                keys.append(Base64.getEncoder().encodeToString(key)).append('\n');
            }
            Files.writeString(dir.resolve("ticket-keys"), keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pki = dir;
        return dir;
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("openssl failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
