package io.ganglion.runtime.balancers;

import static org.awaitility.Awaitility.await;

import io.ganglion.runtime.RuntimeClient;
import io.ganglion.runtime.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A balancer run as a child process on a config written to the work directory, returned once its
 * admin unix socket answers, and stopped by its PID. Both targets start this way.
 */
final class BalancerProcess {
    private BalancerProcess() {
    }

    /**
     * @param command the command line; {@code {config}} in it is replaced by the config file's path
     */
    static RunningBalancer start(String name, List<String> command, String proxies, Path workDir) throws IOException {
        StatsSockets sockets = StatsSockets.in(workDir);
        Files.deleteIfExists(sockets.adminUnix());
        Path config = workDir.resolve(name + ".cfg");
        Files.writeString(config, "global\n" + sockets.globalLines() + "\n" + proxies, StandardCharsets.UTF_8);
        Path log = workDir.resolve(name + ".log");
        List<String> argv = command.stream().map(a -> a.replace("{config}", config.toString())).toList();
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // Should the test JVM end without closing it (a crash, a kill), the child goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "stop-" + name + "-" + process.pid()));
        Running running = new Running(process, sockets);
        try {
            await(name + " admin socket " + sockets.adminUnix())
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .ignoreExceptionsMatching(e -> !(e instanceof IllegalStateException))
                    .until(() -> answers(name, running, log));
            return running;
        } catch (RuntimeException | Error e) {
            running.close();
            throw e;
        }
    }

    private static boolean answers(String name, Running running, Path log) {
        if (!running.process.isAlive()) {
            throw new IllegalStateException(name + " exited with " + running.process.exitValue() + ": " + read(log));
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
