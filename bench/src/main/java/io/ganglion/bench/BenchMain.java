package io.ganglion.bench;

import io.ganglion.agent.supervise.JvmOptions;
import io.ganglion.bench.backend.Backends;
import io.ganglion.bench.load.Wrk;
import io.ganglion.bench.part.ConvergePart;
import io.ganglion.bench.part.FootprintPart;
import io.ganglion.bench.part.HttpPart;
import io.ganglion.bench.part.RulesPart;
import io.ganglion.bench.part.JmhPart;
import io.ganglion.bench.part.MetricsPart;
import io.ganglion.bench.part.Part;
import io.ganglion.bench.part.PatternsPart;
import io.ganglion.bench.part.ScalePart;
import io.ganglion.bench.part.StartupPart;
import io.ganglion.bench.part.SocketPart;
import io.ganglion.bench.part.StickPart;
import io.ganglion.bench.part.TrackingPart;
import io.ganglion.bench.part.TcpPart;
import io.ganglion.bench.part.TlsPart;
import io.ganglion.bench.report.ResultFiles;
import io.ganglion.bench.report.Results;
import io.ganglion.bench.report.TablePrinter;
import io.ganglion.bench.balancers.LaunchSettings;
import io.ganglion.bench.balancers.TargetKind;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ganglion bench [http|tcp|socket|scale|rules|jmh|converge|all]...}: measures the bundled balancer, HAProxy
 * and a direct run on the same backends and load, prints one table with the ratio to HAProxy, and
 * writes CSV/JSON under {@code target/bench/}. Installs nothing: a missing tool turns its columns
 * into "not available" with the command that installs it.
 */
@Command(name = "ganglion bench", mixinStandardHelpOptions = true,
        description = "Benchmarks the bundled balancer next to HAProxy 2.6 and a direct run (loopback only).")
public final class BenchMain implements Callable<Integer> {
    /**
     * What {@code all} runs. Not {@code converge}: it adds 2-3 minutes to a run that must stay under
     * 15 minutes on 2 cores (issue 5), and it measures the agent rather than the data path.
     */
    private static final List<String> ALL = List.of("http", "tcp", "socket", "scale", "rules", "jmh");
    private static final List<String> PARTS = List.of("http", "tcp", "socket", "scale", "rules", "jmh", "converge", "stick",
            "tracking", "patterns", "footprint", "startup", "tls", "metrics");

    @Parameters(paramLabel = "PART", arity = "0..*",
            description = "http, tcp, socket, scale, rules, jmh, converge, stick, tracking, patterns, footprint, startup, tls, metrics or "
                    + "all (default: all = every part but converge, stick, tracking, patterns, footprint, startup, tls and metrics, which "
                    + "run only when named: 1 to 4 minutes each with their defaults)")
    private List<String> parts = new ArrayList<>();

    @Option(names = "--runs", defaultValue = "3", description = "measured runs per figure (default: ${DEFAULT-VALUE})")
    private int runs;

    @Option(names = "--duration", defaultValue = "5", paramLabel = "SECONDS",
            description = "length of one measured run (default: ${DEFAULT-VALUE})")
    private int durationSeconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS",
            description = "untimed load before each measured series (default: ${DEFAULT-VALUE}; 0 = none); "
                    + "the bundled balancer's JIT needs about that long on 2 busy cores")
    private int warmupSeconds;

    @Option(names = "--threads", defaultValue = "2",
            description = "nbthread of both balancers, wrk threads, backend loops (default: ${DEFAULT-VALUE})")
    private int threads;

    @Option(names = "--connections", defaultValue = "50", description = "wrk connections (default: ${DEFAULT-VALUE})")
    private int connections;

    @Option(names = "--targets", defaultValue = "ganglion,haproxy,direct", split = ",",
            description = "columns to measure (default: ${DEFAULT-VALUE}); converge adds haproxy-reload "
                    + "(HAProxy reloaded with -sf on each change) whenever haproxy is one")
    private List<String> targets;

    @Option(names = "--baseline", paramLabel = "DIR",
            description = "also measure the bundled balancer of another checkout, built with "
                    + "'mvn -DskipTests package' (column 'baseline', ratio g/base): before/after figures in one run")
    private Path baseline;

    @Option(names = "--profile", description = "record a JFR profile of the bundled balancer during each part and print its top frames")
    private boolean profile;

    @Option(names = "--out", defaultValue = "target/bench", description = "output directory (default: ${DEFAULT-VALUE})")
    private Path outDir;

    @Option(names = "--idle-connections", defaultValue = "1000", description = "idle connections for memory per connection")
    private int idleConnections;

    @Option(names = "--socket-servers", defaultValue = "1000", description = "servers of the socket part's backend")
    private int socketServers;

    @Option(names = "--stick-entries", defaultValue = "1000000", paramLabel = "N",
            description = "entries the stick part sets over the socket, then lists (default: 1000000, issue 15's figure)")
    private int stickEntries;

    @Option(names = "--scale-servers", defaultValue = "10000", description = "servers added in the scale part")
    private int scaleServers;

    @Option(names = "--converge-changes", defaultValue = "200", paramLabel = "N",
            description = "registry changes timed in the converge part (default: ${DEFAULT-VALUE}; "
                    + "its failed-request figure counts every change made under load)")
    private int convergeChanges;

    @Option(names = "--converge-warmup", defaultValue = "20", paramLabel = "N",
            description = "changes made first in the converge part, under load, not timed (default: ${DEFAULT-VALUE})")
    private int convergeWarmup;

    @Option(names = "--converge-rate", defaultValue = "1000", paramLabel = "REQ/S",
            description = "requests/s through the balancer during the converge part (default: ${DEFAULT-VALUE})")
    private int convergeRate;

    @Option(names = "--map-entries", defaultValue = "1000000", paramLabel = "N",
            description = "CIDR networks the patterns part loads into its map (default: ${DEFAULT-VALUE})")
    private int mapEntries;

    @Option(names = "--footprint-servers", defaultValue = "1000", paramLabel = "N",
            description = "instances of the footprint part's loaded service (default: ${DEFAULT-VALUE}, issue 18's figure)")
    private int footprintServers;

    @Option(names = "--metrics-servers", defaultValue = "10000", paramLabel = "N",
            description = "servers behind the metrics part's statistics page and exporter (default: ${DEFAULT-VALUE}, issue 17's figure)")
    private int metricsServers;

    @Option(names = "--nmt", description = "footprint: run the sidecar's JVMs with Native Memory Tracking and print "
            + "where each one's memory goes (heap, metaspace, code, threads, GC, direct buffers)")
    private boolean nativeMemoryTracking;

    private final PrintStream console;
    /** As typed, for the record of how the figures were produced. */
    private final List<String> arguments;

    private BenchMain(PrintStream console, List<String> arguments) {
        this.console = console;
        this.arguments = List.copyOf(arguments);
    }

    /** The harness's logging (warnings only, no logback status lines), for this JVM and JMH's forks. */
    public static final List<String> LOGGING_PROPERTIES = List.of(
            "-Dlogback.configurationFile=ganglion-bench-logback.xml",
            "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener");

    public static void main(String[] args) {
        // Before the first logger exists.
        for (String property : LOGGING_PROPERTIES) {
            String[] nameAndValue = property.substring(2).split("=", 2);
            System.setProperty(nameAndValue[0], nameAndValue[1]);
        }
        System.exit(execute(System.out, args));
    }

    /** Runs the harness with {@code args}, printing to {@code console}; returns the exit code. */
    public static int execute(PrintStream console, String... args) {
        CommandLine cli = new CommandLine(new BenchMain(console, List.of(args)));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli.execute(args);
    }

    @Override
    public Integer call() throws IOException {
        Set<String> selected = selectedParts();
        BenchOptions options = new BenchOptions(runs, Duration.ofSeconds(durationSeconds), Duration.ofSeconds(warmupSeconds),
                threads, connections, targetKinds(), profile, outDir,
                idleConnections, socketServers, scaleServers, convergeChanges, convergeWarmup, convergeRate, stickEntries, mapEntries);
        String stamp = ZonedDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Map<String, String> runInfo = new LinkedHashMap<>();
        runInfo.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        runInfo.put("command", "./ganglion bench " + String.join(" ", arguments));
        runInfo.putAll(MachineInfo.describe());
        runInfo.forEach((k, v) -> console.printf("%-17s %s%n", k + ":", v));

        Optional<String> wrkBinary = Tools.find("wrk");
        Optional<String> haproxy = Tools.find("haproxy");
        Optional<String> haproxyMissing = haproxy.isPresent() ? Optional.empty()
                : Optional.of("haproxy is not installed (apt-get install -y haproxy)");
        wrkBinary.ifPresentOrElse(w -> { }, () -> console.println("missing: wrk (apt-get install -y wrk)"));
        haproxyMissing.ifPresent(m -> console.println("missing: " + m));
        if (Tools.find("setsid").isEmpty()) {
            console.println("missing: setsid (apt-get install -y util-linux); it starts each balancer in a session of its own");
            return 1;
        }

        Results results = new Results();
        Path workDir = Files.createTempDirectory("ganglion-bench");
        try (Backends backends = Backends.start(threads)) {
            BenchContext ctx = new BenchContext(options, backends, launchSettings(haproxy.orElse("haproxy"), baselineClasspath()),
                    wrkBinary.map(w -> new Wrk(w, workDir)), haproxyMissing, results, console, workDir);
            for (Part part : parts()) {
                if (selected.contains(part.name())) {
                    part.run(ctx);
                }
            }
            if (selected.contains("footprint")) {
                new FootprintPart(footprintServers, nativeMemoryTracking).run(ctx);
            }
            if (selected.contains("metrics")) {
                new MetricsPart(metricsServers).run(ctx);
            }
            if (selected.contains("startup")) {
                new StartupPart().run(ctx);
            }
            if (selected.contains("jmh")) {
                JmhPart.run(ctx);
            }
        } finally {
            deleteTree(workDir);
        }
        String table = TablePrinter.render(results);
        console.println();
        console.print(table);
        if (!results.figures().isEmpty()) {
            for (Path file : ResultFiles.write(outDir, stamp, runInfo, results, table)) {
                console.println("wrote " + file);
            }
        }
        return 0;
    }

    private static List<Part> parts() {
        return List.of(new HttpPart(), new TcpPart(), new SocketPart(), new ScalePart(), new RulesPart(), new ConvergePart(),
                new StickPart(),
                new TrackingPart(),
                new PatternsPart(), new TlsPart());
    }

    private Set<String> selectedParts() {
        Set<String> selected = new LinkedHashSet<>();
        for (String p : parts.isEmpty() ? List.of("all") : parts) {
            String word = p.toLowerCase(Locale.ROOT);
            if (word.equals("all")) {
                selected.addAll(ALL);
            } else if (PARTS.contains(word)) {
                selected.add(word);
            } else {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "unknown part '" + p + "': expected one of " + String.join(", ", PARTS) + " or all");
            }
        }
        return selected;
    }

    /**
     * The bundled balancer runs on this program's own classpath (the harness depends on it);
     * {@code ganglion.bench.classpath} overrides it where the JVM's classpath is a launcher jar
     * (Maven's test runner). Its JVM options are those of {@code ./ganglion balancer}.
     */
    private static LaunchSettings launchSettings(String haproxy, String baselineClasspath) {
        String java = ProcessHandle.current().info().command().orElse("java");
        String classpath = System.getProperty("ganglion.bench.classpath", System.getProperty("java.class.path"));
        List<String> javaOptions = JvmOptions.of(JvmOptions.BALANCER, System.getenv("GANGLION_JAVA_OPTS"));
        List<String> agentJavaOptions = JvmOptions.of(JvmOptions.AGENT, System.getenv("GANGLION_AGENT_JAVA_OPTS"));
        return new LaunchSettings(java, classpath, javaOptions, agentJavaOptions, haproxy, baselineClasspath);
    }

    /** The named targets; with {@code --baseline}, the baseline right after this build's balancer. */
    private List<TargetKind> targetKinds() {
        List<TargetKind> kinds = new ArrayList<>(targets.stream().map(TargetKind::fromLabel).distinct().toList());
        if (baseline != null && !kinds.contains(TargetKind.BASELINE)) {
            int ganglion = kinds.indexOf(TargetKind.GANGLION);
            kinds.add(ganglion + 1, TargetKind.BASELINE);
        }
        return kinds;
    }

    /** The baseline checkout's balancer jar and libraries, as its {@code ./ganglion balancer} runs them. */
    private String baselineClasspath() {
        if (baseline == null) {
            return "";
        }
        Path target = baseline.toAbsolutePath().resolve("balancer/target");
        Path jar = target.resolve("ganglion-balancer.jar");
        if (!Files.isRegularFile(jar)) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--baseline " + baseline
                    + ": no " + jar + " (build that checkout first: mvn -q -DskipTests package)");
        }
        return jar + File.pathSeparator + target.resolve("lib") + File.separator + "*";
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
