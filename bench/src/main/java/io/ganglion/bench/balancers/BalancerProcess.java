package io.ganglion.bench.balancers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One balancer started by the harness for one part of a run, and stopped by its PID at the end.
 *
 * <p>Both balancers are started the same way: as children of the harness through {@code setsid},
 * each in a session (and so a scheduler autogroup) of its own. Started from the benchmark's own
 * session instead, a balancer shares an autogroup with the load generator, and on this kind of
 * machine that alone moved HAProxy's requests/s by 25%. {@code setsid} does not fork when its
 * caller is not a group leader (a child of the JVM never is), so the PID we hold is the balancer's.
 */
public final class BalancerProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BalancerProcess.class);
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final Duration STOP = Duration.ofSeconds(15);

    private final TargetKind kind;
    private final Process process;
    private final Path logFile;

    private BalancerProcess(TargetKind kind, Process process, Path logFile) {
        this.kind = kind;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the balancer on {@code config} and returns once {@code readyPort} accepts connections.
     *
     * @throws IllegalStateException when it exits or does not listen within a minute; the message
     *                               carries the end of its output
     */
    public static BalancerProcess start(TargetKind kind, LaunchSettings launch, Path config, Path logFile,
            int readyPort) {
        return startCommand(kind, switch (kind) {
            case GANGLION -> launch.ganglionCommand(config);
            case BASELINE -> launch.baselineCommand(config);
            case HAPROXY -> List.of(launch.haproxy(), "-db", "-f", config.toString());
            case DIRECT, HAPROXY_RELOAD -> throw new IllegalArgumentException(kind.label() + " is not started here");
        }, logFile, readyPort);
    }

    /**
     * Starts {@code command} the way the balancers are started (e.g. the agent that drives
     * {@code kind}'s balancer) and returns once {@code readyPort} accepts connections.
     */
    public static BalancerProcess startCommand(TargetKind kind, List<String> command, Path logFile, int readyPort) {
        return startCommand(kind, command, logFile, readyPort, Map.of());
    }

    /** {@link #startCommand(TargetKind, List, Path, int)} with {@code environment} added to the harness's. */
    public static BalancerProcess startCommand(TargetKind kind, List<String> command, Path logFile, int readyPort,
            Map<String, String> environment) {
        List<String> inSession = new ArrayList<>(List.of("setsid"));
        inSession.addAll(command);
        Process process;
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(inSession)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            builder.environment().putAll(environment);
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + kind.label() + " (" + String.join(" ", inSession) + ")", e);
        }
        BalancerProcess started = new BalancerProcess(kind, process, logFile);
        log.debug("started {} pid {}: {}", kind.label(), process.pid(), inSession);
        try {
            started.awaitListening(readyPort);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        return started;
    }

    /**
     * Waits until {@code port} accepts connections. The ready port says the process listens; a
     * part that uses another frontend's port waits for it too, since frontends are bound one
     * after another.
     */
    public void awaitListening(int port) {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String tail = outputTail();
                throw new IllegalStateException(kind.label() + " exited with status " + process.exitValue()
                        + " before listening: " + lastLine(tail) + "\n" + tail);
            }
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException notYet) {
                // Not listening yet: wait for the process a little rather than spin.
                waitForExit(Duration.ofMillis(50));
            }
        }
        throw new IllegalStateException(kind.label() + " did not listen on 127.0.0.1:" + port + " within "
                + STARTUP.toSeconds() + " s; its output ends with:\n" + outputTail());
    }

    private boolean waitForExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + kind.label(), e);
        }
    }

    public TargetKind kind() {
        return kind;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessTree tree() {
        return new ProcessTree(process.pid());
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1).strip();
    }

    public String outputTail() {
        try {
            List<String> lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }

    /** SIGTERM to the PID, then SIGKILL after 15 s. Idempotent. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        if (!waitForExit(STOP)) {
            log.warn("{} (pid {}) ignored SIGTERM for {} s: killing it", kind.label(), pid(), STOP.toSeconds());
            process.destroyForcibly();
            waitForExit(STOP);
        }
    }
}
