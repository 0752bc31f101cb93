package io.ganglion.bench.converge;

import io.ganglion.registry.Endpoint;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.registry.ServiceWatcher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reload-based way, as Synapse runs HAProxy: on every registry change, a complete
 * configuration is rendered from the service's endpoints and HAProxy is reloaded the way
 * Synapse's usual {@code reload_command} ({@code service haproxy reload} of the distributions'
 * init scripts) does it: {@code haproxy -D -f CFG -p PIDFILE -sf OLDPID}. The new process binds
 * the frontend next to the old one (SO_REUSEPORT), then tells the old one to finish (SIGUSR1): it
 * stops listening and exits once its connections are done. No {@code -x} socket transfer: Synapse's
 * users ran the plain {@code -sf}. Unlike Synapse, every change reloads at once (Synapse waits at
 * least {@code restart_interval}, 2 s by default, between reloads): this is the best case of the way.
 *
 * <p>Changes that arrive during a reload make one more reload, from the latest snapshot. Every
 * HAProxy started is a daemon (its own session, as the balancers of the harness); its PID comes
 * from the PID file and {@link #close()} stops each one still alive by that PID.
 *
 * <p><b>Threads.</b> Reloads run one at a time on a thread of their own; the watcher's thread only
 * asks for one.
 */
final class ReloadingHaproxy implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReloadingHaproxy.class);
    private static final Duration LAUNCH = Duration.ofSeconds(30);
    private static final Duration STOP = Duration.ofSeconds(15);

    private final String haproxy;
    private final Path config;
    private final Path pidFile;
    private final Path logFile;
    private final Function<List<Endpoint>, String> render;
    private final ExecutorService reloader = Executors.newSingleThreadExecutor(r -> {
        Thread thread = new Thread(r, "converge-reloader");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean reloadAsked = new AtomicBoolean();
    private final AtomicInteger reloads = new AtomicInteger();
    /** Every HAProxy started, for {@link #close()}; the reloader thread appends, close reads after it stopped. */
    private final List<Long> pids = new ArrayList<>();
    private String running = "";

    /**
     * Starts HAProxy on the configuration for no endpoints yet.
     *
     * @param render the whole configuration for a list of endpoints
     */
    ReloadingHaproxy(String haproxy, Path dir, Path logFile, Function<List<Endpoint>, String> render) {
        this.haproxy = haproxy;
        this.config = dir.resolve("converge-reload.cfg");
        this.pidFile = dir.resolve("converge-reload.pid");
        this.logFile = logFile;
        this.render = render;
        apply(List.of());
    }

    /** From now on, every snapshot of {@code watcher} (started by the caller) reloads HAProxy. */
    void follow(ServiceWatcher watcher) {
        watcher.addListener(snapshot -> {
            if (reloadAsked.compareAndSet(false, true)) {
                reloader.execute(() -> {
                    reloadAsked.set(false);
                    watcher.current().filter(ServiceSnapshot::isFresh).ifPresent(s -> apply(s.endpoints()));
                });
            }
        });
    }

    /** Alive and not a zombie: a daemon's parent is init, which may reap it later than it exits. */
    private static boolean isRunning(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException | RuntimeException gone) {
            return false;
        }
    }

    private void apply(List<Endpoint> endpoints) {
        String text = render.apply(endpoints);
        if (text.equals(running)) {
            return;
        }
        try {
            Path next = config.resolveSibling(config.getFileName() + ".new");
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, config, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            List<String> command = new ArrayList<>(List.of(haproxy, "-D", "-f", config.toString(), "-p", pidFile.toString()));
            if (!pids.isEmpty()) {
                command.addAll(List.of("-sf", Long.toString(pids.get(pids.size() - 1))));
            }
            Files.createDirectories(logFile.getParent());
            Process launcher = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
            if (!launcher.waitFor(LAUNCH.toSeconds(), TimeUnit.SECONDS) || launcher.exitValue() != 0) {
                launcher.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed; see " + logFile);
            }
            pids.add(Long.parseLong(Files.readString(pidFile).strip()));
            running = text;
            if (pids.size() > 1) {
                reloads.incrementAndGet();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reload HAProxy", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading HAProxy", e);
        } catch (RuntimeException e) {
            if (pids.isEmpty()) {
                throw e; // the first start: the caller must know
            }
            log.error("reload failed; the old HAProxy keeps running", e);
        }
    }

    /** Stops the reloads, then every HAProxy still alive, by its PID (SIGTERM, SIGKILL after 15 s). */
    @Override
    public void close() {
        reloader.shutdownNow();
        log.info("HAProxy reloaded {} times", reloads.get());
        try {
            reloader.awaitTermination(LAUNCH.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (long pid : pids) {
            ProcessHandle.of(pid).filter(p -> isRunning(pid)).ifPresent(process -> {
                process.destroy();
                long deadline = System.nanoTime() + STOP.toNanos();
                while (isRunning(pid) && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Duration.ofMillis(20).toNanos()); // not our child: nothing to wait on
                }
                if (isRunning(pid)) {
                    log.warn("HAProxy pid {} ignored SIGTERM for {} s: killing it", pid, STOP.toSeconds());
                    process.destroyForcibly();
                }
            });
        }
    }
}
