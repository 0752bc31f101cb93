package io.ganglion.agent.supervise;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.ganglion.runtime.Endpoint;
import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.RuntimeApiException;
import io.ganglion.runtime.Timeouts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the bundled balancer as a process of its own and keeps it running:
 * <ul>
 *   <li>its own session ({@code setsid} where available), its output to its own log file, nothing
 *       on the agent's pipes: a crashed agent leaves the balancer, and the traffic, alone;</li>
 *   <li>a balancer already answering on the socket (left by an earlier agent) is adopted, not
 *       doubled; its PID comes from the PID file written next to the log;</li>
 *   <li>a balancer that dies is replaced at once by a warm standby (a second balancer process
 *       started with {@code --standby}: classes loaded, nothing bound, waiting on its standard
 *       input), or started again cold when there is none (after a back-off when it keeps dying);
 *       the first standby starts only when the agent asks ({@link #keepStandby()}), once it is in
 *       control: its JVM start and rehearsal take seconds of CPU that a restarted agent needs to
 *       resume control of the running balancer (issue 18: 4.5 s from adopting to ready on 2 cores);
 *       the reconcile loop restores the servers on its next cycle. A cold JVM start takes seconds
 *       on a busy host, the takeover a few hundred milliseconds. The standby's only tie to the
 *       agent is that pipe: it exits when the agent goes away, while a balancer that took over
 *       no longer reads it;</li>
 *   <li>{@link #close()} (a graceful agent shutdown) stops it with SIGTERM and waits.</li>
 * </ul>
 * <p><b>Threads.</b> {@code current} is written by the constructor and the watch thread only, read
 * by {@link #close()} and {@link #pid()}: volatile. {@code standby} is also started by whichever
 * thread calls {@link #keepStandby()}: it is taken and set under this object's lock.
 */
public final class BalancerSupervisor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(BalancerSupervisor.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Path configFile;
    private final Endpoint socket;
    private final Path logFile;
    private final Path pidFile;
    private final List<String> command;
    private final List<String> standbyCommand;
    /** The balancer with {@code --rehearse}: it warms its data path up on loopback, then starts. */
    private final List<String> rehearsedCommand;
    private final Thread watcher;
    private final Runnable onRestart;
    private volatile ProcessHandle current;
    private volatile WarmStandby standby; // set and taken under this object's lock
    private volatile boolean running = true;

    /**
     * @param launcher  the command that runs the balancer, up to (not including) {@code -f FILE}
     * @param onRestart called (on the supervision thread) once a restarted balancer answers, so the
     *                  agent can restore its servers at once
     */
    public BalancerSupervisor(Path configFile, Endpoint socket, Path logFile, List<String> launcher, Runnable onRestart)
            throws IOException {
        this(configFile, socket, logFile, launcher, onRestart, true);
    }

    /** @param keepStandby keep a warm standby balancer that takes over when the running one dies */
    public BalancerSupervisor(Path configFile, Endpoint socket, Path logFile, List<String> launcher, Runnable onRestart,
                              boolean keepStandby) throws IOException {
        this.onRestart = onRestart;
        this.configFile = configFile;
        this.socket = socket;
        this.logFile = logFile;
        this.pidFile = Path.of(logFile + ".pid");
        List<String> full = new ArrayList<>(launcher);
        full.addAll(List.of("-f", configFile.toString()));
        this.command = List.copyOf(full);
        List<String> warm = new ArrayList<>(launcher);
        warm.addAll(List.of("--standby", "-f", configFile.toString()));
        this.standbyCommand = keepStandby ? List.copyOf(warm) : List.of();
        List<String> rehearsed = new ArrayList<>(launcher);
        rehearsed.addAll(List.of("--rehearse", "-f", configFile.toString()));
        this.rehearsedCommand = List.copyOf(rehearsed);
        Optional<ProcessHandle> adopted = answering() ? adoptable() : Optional.empty();
        if (adopted.isPresent()) {
            current = adopted.get();
            log.info("adopted the balancer already answering on {} (pid {})", socket, current.pid());
        } else {
            current = launchRehearsed();
        }
        watcher = new Thread(this::watch, "ganglion-supervise");
        watcher.setDaemon(true);
        watcher.start();
    }

    /** The command that runs the bundled balancer from this JVM's own classpath. */
    public static List<String> javaLauncher() {
        List<String> launcher = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            launcher.add("/usr/bin/setsid");
        }
        launcher.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        launcher.add("-XX:+ExitOnOutOfMemoryError");
        launcher.addAll(balancerJavaOptions(System.getenv("GANGLION_JAVA_OPTS")));
        launcher.addAll(classDataArchive(System.getProperty(ARCHIVE_PROPERTY)));
        launcher.addAll(List.of("-cp", withoutAgent(System.getProperty("java.class.path")), "io.ganglion.balancer.BalancerMain"));
        return launcher;
    }

    /**
     * Names the class-data sharing archive of the balancer started from this JVM's libraries;
     * {@code ./ganglion agent} sets it when its build wrote one.
     */
    static final String ARCHIVE_PROPERTY = "ganglion.balancer.archive";

    /**
     * The options that give the balancer its class-data archive (issue 18: a cold start, or a standby
     * ready, in about a third of the time), or none when there is no such file. A stale archive (a
     * rebuilt jar) is ignored by the JVM; its warnings are off, the balancer's output is HAProxy's.
     */
    static List<String> classDataArchive(String archive) {
        if (archive == null || archive.isBlank() || !Files.isRegularFile(Path.of(archive))) {
            return List.of();
        }
        return List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
    }

    /**
     * This JVM's classpath without the agent's own jar (or classes directory): the balancer needs none
     * of it, and the agent's resources must not configure it. With them, logback found two
     * {@code logback.xml} (an agent jar built before the agent's was renamed still has one), printed
     * its status at every start and gave the bundled balancer the agent's log format.
     */
    static String withoutAgent(String classpath) {
        Path agentCode;
        try {
            agentCode = Path.of(BalancerSupervisor.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return classpath; // no code source to leave out: the balancer still runs
        }
        return Stream.of(classpath.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().equals(agentCode.toAbsolutePath().normalize()))
                .collect(Collectors.joining(File.pathSeparator));
    }

    /**
     * The JVM options the balancer runs with, as under {@code ./ganglion balancer}: those of
     * {@code GANGLION_JAVA_OPTS} when set, else the balancer's own {@code jvm.options} (bounded heap,
     * collector), read from its jar by name because the agent does not link against the balancer.
     * The benchmark harness starts the balancer with the same options.
     */
    public static List<String> balancerJavaOptions(String override) {
        return JvmOptions.of(JvmOptions.BALANCER, override);
    }

    public long pid() {
        return current.pid();
    }

    /** The waiting standby's PID, if one is kept and alive. */
    public Optional<Long> standbyPid() {
        WarmStandby s = standby;
        return s != null && s.isAlive() ? Optional.of(s.pid()) : Optional.empty();
    }

    /** The balancer answering on the socket, by the PID file; refuses to start a second one next to it. */
    private Optional<ProcessHandle> adoptable() throws IOException {
        try {
            long pid = Long.parseLong(Files.readString(pidFile, StandardCharsets.UTF_8).strip());
            return Optional.of(ProcessHandle.of(pid).filter(ProcessHandle::isAlive).orElseThrow(
                    () -> new IOException("process " + pid + " named in " + pidFile + " is gone")));
        } catch (IOException | NumberFormatException e) {
            throw new IOException("a balancer already answers on " + socket + " but " + pidFile
                    + " does not name it (" + e.getMessage() + "); stop it, or run the agent without 'bundled'", e);
        }
    }

    private boolean answering() {
        try {
            new RuntimeClient(socket, new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))).showVersion();
            return true;
        } catch (RuntimeApiException e) {
            return false;
        }
    }

    /** Starts the balancer and waits until its socket answers. */
    private ProcessHandle launch() throws IOException {
        Process process = startLogging(command, ProcessBuilder.Redirect.from(new File("/dev/null")), logFile);
        Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
        log.info("started the bundled balancer (pid {}) on {}, logging to {}", process.pid(), configFile, logFile);
        return awaitAnswering(process);
    }

    /**
     * The first balancer, started with {@code --rehearse}: it warms up as a standby does before it
     * binds, so the first requests it proxies find its data path loaded and linked. Started cold,
     * the agent filled its empty backends at once and the first requests paid the class loading
     * (issue 18: three instances registered at once into a just-started example took traffic
     * 1.8 s after their {@code add server}, a fourth one later 136 ms). A restart after a crash
     * stays cold ({@link #launch()}): there every second without a balancer is an outage.
     */
    private ProcessHandle launchRehearsed() throws IOException {
        Process process = startLogging(rehearsedCommand, ProcessBuilder.Redirect.from(new File("/dev/null")), logFile);
        Files.writeString(pidFile, process.pid() + "\n", StandardCharsets.UTF_8);
        log.info("started the bundled balancer (pid {}) on {}, logging to {}; it rehearses before it serves",
                process.pid(), configFile, logFile);
        return awaitAnswering(process);
    }

    /** Starts a balancer process whose output, both streams, goes to the end of {@code logFile}. */
    static Process startLogging(List<String> command, ProcessBuilder.Redirect input, Path logFile) throws IOException {
        return new ProcessBuilder(command).redirectInput(input).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    }

    /** Waits until {@code process} answers on the socket; kills it when it does not in time. */
    private ProcessHandle awaitAnswering(Process process) throws IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!answering()) {
            if (!process.isAlive()) {
                throw new IOException("the bundled balancer exited with " + process.exitValue() + " before its socket "
                        + socket + " answered; see " + logFile);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IOException("the bundled balancer's socket " + socket + " did not answer within " + START_TIMEOUT);
            }
            pause(POLL);
        }
        return process.toHandle();
    }

    /**
     * Starts the warm standby, when one is kept and none is there yet; the agent calls it once it is
     * in control, and the supervision after each takeover. Until it is warm a dead balancer is
     * restarted cold.
     */
    public synchronized void keepStandby() {
        if (standby == null || !standby.isAlive()) {
            standby = startStandby();
        }
    }

    /** Starts a standby balancer, or none when none is kept or it cannot start (then restarts are cold). */
    private WarmStandby startStandby() {
        if (standbyCommand.isEmpty() || !running) {
            return null;
        }
        try {
            WarmStandby started = WarmStandby.start(standbyCommand, logFile);
            log.info("started a standby balancer (pid {}) to take over if the running one dies", started.pid());
            return started;
        } catch (IOException e) {
            log.warn("could not start a standby balancer ({}); a restart will be a cold start", e.getMessage());
            return null;
        }
    }

    /** The standby takes over: it is told to start and becomes the balancer once it answers. */
    private ProcessHandle takeOver(WarmStandby taking) throws IOException {
        long pid = taking.pid();
        taking.start();
        Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
        log.info("the standby balancer (pid {}) is taking over", pid);
        return awaitAnswering(taking.process());
    }

    /** The next balancer: the standby when there is a live one, else a cold start. */
    private ProcessHandle replacement() throws IOException {
        WarmStandby taking;
        synchronized (this) {
            taking = standby;
            standby = null;
        }
        if (taking != null && taking.isAlive()) {
            try {
                return takeOver(taking);
            } catch (IOException e) {
                log.warn("the standby balancer did not take over ({}); starting one cold", e.getMessage());
                taking.stop();
            }
        }
        return launch();
    }

    private void watch() {
        Duration backoff = Duration.ofMillis(500);
        while (running) {
            try {
                current.onExit().get();
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // onExit of a handle never fails; treat it as an exit and look again
            }
            if (!running) {
                return;
            }
            log.warn("the bundled balancer (pid {}) died; starting it again", current.pid());
            try {
                current = replacement();
                backoff = Duration.ofMillis(500);
                onRestart.run();
                keepStandby();
            } catch (IOException e) {
                log.error("restarting the bundled balancer failed: {}; next try in {}", e.getMessage(), backoff);
                pause(backoff);
                backoff = backoff.multipliedBy(2).compareTo(Duration.ofSeconds(30)) > 0 ? Duration.ofSeconds(30) : backoff.multipliedBy(2);
            }
        }
    }

    /** A deliberate delay (start polling, restart back-off), not a synchronisation. */
    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the balancer (SIGTERM, then SIGKILL after 30 s) and the supervision. */
    @Override
    public void close() {
        running = false;
        watcher.interrupt();
        WarmStandby waiting;
        synchronized (this) {
            waiting = standby; // a keepStandby() after this sees running false and starts none
            standby = null;
        }
        if (waiting != null) {
            waiting.stop();
        }
        ProcessHandle handle = current;
        handle.destroy();
        try {
            handle.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            handle.destroyForcibly();
        }
        log.info("stopped the bundled balancer (pid {})", handle.pid());
    }
}
