package io.ganglion.bench.part;

import io.ganglion.bench.BenchContext;
import io.ganglion.bench.BenchOptions;
import io.ganglion.bench.balancers.BalancerProcess;
import io.ganglion.bench.balancers.ConfigText;
import io.ganglion.bench.balancers.TargetKind;
import io.ganglion.bench.footprint.FootprintRegistry;
import io.ganglion.bench.footprint.NativeMemory;
import io.ganglion.bench.footprint.ResidentMemory;
import io.ganglion.bench.footprint.SidecarRoles;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.report.Metric;
import io.ganglion.runtime.Commands;
import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code footprint}: what the sidecar costs a host in memory. The ZooKeeper example's sidecar as an
 * operator runs it: the agent ({@code ganglion agent -c FILE}, its own JVM options) watching
 * {@value FootprintRegistry#SERVICES} services of a real ZooKeeper (in-process), the first with
 * {@code --footprint-servers} (1,000) instances, and the bundled balancer it starts and supervises
 * (with its warm standby when the agent's default keeps one); beside it, the same agent driving
 * HAProxy 2.6. The resident memory of each process, idle (once every server is in and the start-up
 * garbage had time to go), at the end of each run of the {@code http} load ({@code wrk}, keep-alive,
 * the largest), and idle again after the load. With {@code --nmt} every JVM of the sidecar runs
 * with Native Memory Tracking and its breakdown (heap, metaspace, code, threads, GC, direct
 * buffers...) is printed at each step, with the resident split (anonymous, file, proportional).
 */
public final class FootprintPart {
    static final String IDLE = "footprint idle";
    static final String LOADED = "footprint under load";
    static final String AFTER = "footprint after load";
    private static final String SIDECAR = "sidecar";
    private static final Duration SERVERS_LIMIT = Duration.ofSeconds(180);
    /**
     * Idle time before an idle figure, for the start-up's garbage, compilations and the native heap's
     * trim (every 10 s) to settle: twice {@code --duration} (10 s by default), shorter in a smoke test.
     */
    private static Duration settle(BenchOptions o) {
        return o.duration().multipliedBy(2);
    }

    private final int servers;
    private final boolean nmt;

    public FootprintPart(int servers, boolean nmt) {
        this.servers = servers;
        this.nmt = nmt;
    }

    static Metric metric(String section, String role) {
        String goal = switch (section + "/" + role) {
            case IDLE + "/" + SIDECAR -> "<=160MiB";
            case LOADED + "/" + SIDECAR -> "<=200MiB";
            case IDLE + "/" + SidecarRoles.AGENT, IDLE + "/" + SidecarRoles.BALANCER -> "<=64MiB";
            default -> "";
        };
        return new Metric(section, role + " RSS", "MiB", goal);
    }

    public void run(BenchContext ctx) {
        ctx.say("== footprint");
        if (ctx.wrk().isEmpty()) {
            ctx.say("   not available: wrk is not installed (apt-get install -y wrk)");
            return;
        }
        for (TargetKind kind : ctx.options().balancers()) {
            if (kind == TargetKind.BASELINE) {
                continue; // the agent starts this build's balancer; a baseline's would need its agent too
            }
            if (kind == TargetKind.HAPROXY && ctx.haproxyMissing().isPresent()) {
                ctx.say("   haproxy: not available: %s", ctx.haproxyMissing().get());
                continue;
            }
            ctx.say("   %s ...", kind.label());
            try (FootprintRegistry registry = FootprintRegistry.start(servers, ctx.backends().httpPorts())) {
                measure(ctx, kind, registry);
            } catch (Exception e) {
                ctx.say("   %s: %s", kind.label(), e.getMessage());
            }
        }
    }

    private void measure(BenchContext ctx, TargetKind kind, FootprintRegistry registry) throws IOException {
        int port = BenchContext.freePort();
        Path socket = ctx.socketPath("footprint", kind);
        ConfigText config = new ConfigText(ctx.options().threads(), socket)
                .frontend("fe_footprint", "http", port, FootprintRegistry.backend(0));
        for (int s = 0; s < FootprintRegistry.SERVICES; s++) {
            config.backend(FootprintRegistry.backend(s), "http", List.of());
        }
        Path logs = ctx.options().outDir().resolve("logs");
        Files.createDirectories(logs);
        if (kind == TargetKind.HAPROXY) {
            try (BalancerProcess haproxy = ctx.start("footprint", kind, config, port, ctx.launch());
                 BalancerProcess agent = startAgent(ctx, kind, registry, socket, null, BenchContext.freePort())) {
                Map<String, Long> roles = new LinkedHashMap<>();
                roles.put(SidecarRoles.AGENT, agent.pid());
                roles.put(SidecarRoles.BALANCER, haproxy.pid());
                measureSidecar(ctx, kind, socket, port, () -> roles);
            }
        } else {
            Path file = ctx.workDir().resolve("footprint-" + kind.label() + ".cfg");
            Files.writeString(file, config.text(), StandardCharsets.UTF_8);
            try (BalancerProcess agent = startAgent(ctx, kind, registry, socket, file, port)) {
                measureSidecar(ctx, kind, socket, port, () -> SidecarRoles.ofBundled(agent.pid()));
            }
        }
    }

    /** The agent as {@code ganglion agent -c FILE} runs it; with {@code bundled} it starts the balancer itself. */
    private BalancerProcess startAgent(BenchContext ctx, TargetKind kind, FootprintRegistry registry, Path socket,
                                       Path bundled, int readyPort) throws IOException {
        String balancer = bundled == null ? "{ socket: \"%s\" }".formatted(socket)
                : "{ socket: \"%s\", bundled: \"%s\", bundled_log: \"%s\" }".formatted(socket, bundled,
                        ctx.options().outDir().toAbsolutePath().resolve("logs").resolve("footprint-" + kind.label() + ".log"));
        int statusPort = bundled == null ? readyPort : BenchContext.freePort();
        String yaml = "balancer: " + balancer + "\n"
                + "registries:\n  zk: { type: zookeeper, connect: \"" + registry.connect() + "\" }\n"
                + "watch:\n" + FootprintRegistry.watchYaml()
                + "status: 127.0.0.1:" + statusPort + "\n";
        Path file = ctx.workDir().resolve("footprint-" + kind.label() + ".yaml");
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
        Path log = ctx.options().outDir().resolve("logs").resolve("footprint-" + kind.label() + "-agent.log");
        // JAVA_TOOL_OPTIONS reaches every JVM of the sidecar: the agent and the balancers it starts.
        Map<String, String> environment = nmt ? Map.of("JAVA_TOOL_OPTIONS", "-XX:NativeMemoryTracking=summary") : Map.of();
        return BalancerProcess.startCommand(kind, ctx.launch().agentCommand(file), log, readyPort, environment);
    }

    private void measureSidecar(BenchContext ctx, TargetKind kind, Path socket, int port,
                                java.util.function.Supplier<Map<String, Long>> roles) {
        awaitServers(socket, FootprintRegistry.backend(0), servers);
        pause(settle(ctx.options()));
        SampleSet idle = new SampleSet();
        record(ctx, kind, IDLE, roles.get(), idle);
        idle.addTo(ctx.results(), kind); // kept when the load fails
        SampleSet samples = new SampleSet();

        BenchOptions o = ctx.options();
        Wrk wrk = ctx.wrk().orElseThrow();
        if (!o.warmup().isZero()) {
            wrk.run(port, o.threads(), o.connections(), o.warmup(), false);
        }
        Map<String, Long> largest = new LinkedHashMap<>();
        for (int i = 0; i < o.runs(); i++) {
            var result = wrk.run(port, o.threads(), o.connections(), o.duration(), false);
            if (result.requests() == 0 || result.errors() * 100 > result.requests()) {
                throw new IllegalStateException("wrk through 127.0.0.1:" + port + ": " + result.errors() + " errors in "
                        + result.requests() + " requests");
            }
            SidecarRoles.rss(roles.get()).forEach((role, rss) -> largest.merge(role, rss, Math::max));
        }
        largest.forEach((role, rss) -> samples.add(metric(LOADED, role), rss / 1048576.0));
        samples.add(metric(LOADED, SIDECAR), largest.values().stream().mapToLong(Long::longValue).sum() / 1048576.0);
        ctx.say("   %s under load (largest after each run): %s", kind.label(), mib(largest));
        nativeMemory(ctx, kind, LOADED, roles.get());

        pause(settle(o));
        record(ctx, kind, AFTER, roles.get(), samples);
        samples.addTo(ctx.results(), kind);
    }

    private void record(BenchContext ctx, TargetKind kind, String section, Map<String, Long> roles, SampleSet samples) {
        Map<String, Long> rss = SidecarRoles.rss(roles);
        rss.forEach((role, bytes) -> samples.add(metric(section, role), bytes / 1048576.0));
        samples.add(metric(section, SIDECAR), rss.values().stream().mapToLong(Long::longValue).sum() / 1048576.0);
        ctx.say("   %s %s: %s", kind.label(), section, mib(rss));
        nativeMemory(ctx, kind, section, roles);
    }

    /** With {@code --nmt}: each JVM's breakdown on the console. */
    private void nativeMemory(BenchContext ctx, TargetKind kind, String section, Map<String, Long> roles) {
        if (!nmt) {
            return;
        }
        roles.forEach((role, pid) -> NativeMemory.summary(pid).ifPresent(summary ->
                ctx.say("     %s %s (%s): %s; %s; live heap after GC %s MiB", kind.label(), role, section,
                        NativeMemory.describe(NativeMemory.committedKib(summary)), ResidentMemory.of(pid),
                        HeapUsage.liveBytes(pid).stream().mapToObj(b -> Long.toString(b / 1048576)).findFirst().orElse("?"))));
    }

    private static String mib(Map<String, Long> rss) {
        StringBuilder line = new StringBuilder();
        rss.forEach((role, bytes) -> line.append(line.isEmpty() ? "" : ", ").append(role).append(' ')
                .append(bytes / 1048576).append(" MiB"));
        return line.toString();
    }

    /** Waits until the agent has put {@code count} servers into {@code backend}. */
    private static void awaitServers(Path socket, String backend, int count) {
        RuntimeClient client = new RuntimeClient(Endpoint.parse(socket.toString()),
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(10)));
        long deadline = System.nanoTime() + SERVERS_LIMIT.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            try {
                seen = (int) client.execute(Commands.showServersState(backend)).text().lines()
                        .filter(line -> !line.isEmpty() && Character.isDigit(line.charAt(0))).count();
                if (seen >= count) {
                    return;
                }
            } catch (RuntimeApiException e) {
                // the socket is not there yet
            }
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
        }
        throw new IllegalStateException("the agent put " + seen + " of " + count + " servers into " + backend
                + " within " + SERVERS_LIMIT.toSeconds() + " s");
    }

    /** A deliberate idle time before a figure, not a synchronisation. */
    private static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }
}
