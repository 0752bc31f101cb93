package io.ganglion.balancer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The distribution's HAProxy 2.6, run in the foreground ({@code -db}) on a configuration written to
 * a test's directory, its output in {@code haproxy.log} there: for tests that compare the balancer
 * with the real thing.
 */
public final class HaproxyProcess implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/haproxy");

    private final Process process;

    private HaproxyProcess(Process process) {
        this.process = process;
    }

    public static boolean isInstalled() {
        return Files.isExecutable(BINARY);
    }

    /** Skips the test without HAProxy (fails it under {@code CI=true}, where .ci/run installs it). */
    public static void requireInstalled() {
        RequiredTool.require(isInstalled(), "HAProxy is not installed: skipping (apt-get install haproxy)");
    }

    /** Starts HAProxy on {@code config}; the caller waits for what it needs (a socket, a port). */
    public static HaproxyProcess start(Path directory, String config) throws IOException {
        Path file = directory.resolve("haproxy.cfg");
        Files.writeString(file, config);
        return new HaproxyProcess(new ProcessBuilder(BINARY.toString(), "-f", file.toString(), "-db")
                .redirectErrorStream(true).redirectOutput(directory.resolve("haproxy.log").toFile()).start());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor(30, TimeUnit.SECONDS);
    }
}
