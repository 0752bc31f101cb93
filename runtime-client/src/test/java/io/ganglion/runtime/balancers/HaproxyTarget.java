package io.ganglion.runtime.balancers;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;

/** The real HAProxy (2.6 from the distribution), run in the foreground ({@code -db}) per test. */
public final class HaproxyTarget implements BalancerTarget {

    private static final List<Path> CANDIDATES = Stream.concat(
                    Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                            .filter(dir -> !dir.isEmpty())
                            .map(dir -> Path.of(dir, "haproxy")),
                    Stream.of(Path.of("/usr/sbin/haproxy"), Path.of("/usr/local/sbin/haproxy")))
            .toList();

    @Override
    public String name() {
        return "haproxy";
    }

    /** GANGLION_HAPROXY names the binary to use instead of searching (another build, or a test of the skip rule). */
    private static Optional<Path> binary() {
        String chosen = System.getenv("GANGLION_HAPROXY");
        if (chosen != null && !chosen.isEmpty()) {
            return Optional.of(Path.of(chosen)).filter(Files::isExecutable);
        }
        return CANDIDATES.stream().filter(Files::isExecutable).findFirst();
    }

    @Override
    public Optional<String> unavailableBecause() {
        return binary().isPresent() ? Optional.empty()
                : Optional.of("haproxy is not installed (looked in GANGLION_HAPROXY, PATH, /usr/sbin, /usr/local/sbin); "
                        + "install it with: apt-get install -y haproxy");
    }

    @Override
    public RunningBalancer start(String proxies, Path workDir) throws IOException {
        Path binary = binary().orElseThrow(() -> new IllegalStateException(unavailableBecause().orElseThrow()));
        StatsSockets sockets = StatsSockets.in(workDir);
        Files.deleteIfExists(sockets.adminUnix());
        Path config = workDir.resolve("haproxy.cfg");
        Files.writeString(config, "global\n" + sockets.globalLines() + "\n" + proxies, StandardCharsets.UTF_8);
        Path log = workDir.resolve("haproxy.log");
        Process process = new ProcessBuilder(binary.toString(), "-db", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        // Should the test JVM end without closing it (a crash, a kill), the child goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-haproxy-" + process.pid()));
        Running running = new Running(process, sockets);
        try {
            await("haproxy admin socket " + sockets.adminUnix())
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> answers(running, log));
            return running;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }

    private static boolean answers(Running running, Path log) {
        if (!running.process.isAlive()) {
            throw new IllegalStateException("haproxy exited with " + running.process.exitValue() + ": " + read(log));
        }
        new RuntimeClient(running.sockets.admin(), Timeouts.DEFAULT).showVersion();
        return true;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Running(Process process, StatsSockets sockets) implements RunningBalancer {

        @Override
        public long pid() {
            return process.pid();
        }

        /** SIGTERM to our own child's PID, then SIGKILL if it has not exited after 20 s. */
        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
