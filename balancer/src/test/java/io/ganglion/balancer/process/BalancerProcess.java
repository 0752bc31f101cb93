package io.ganglion.balancer.process;

import io.ganglion.balancer.BalancerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The balancer as its own process, started the way {@code ./ganglion balancer} starts it. */
final class BalancerProcess implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;

    private BalancerProcess(Process process, Path stdout, Path stderr) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static BalancerProcess start(Path dir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), BalancerMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "balancer", ".out");
        Path err = Files.createTempFile(dir, "balancer", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new BalancerProcess(p, out, err);
    }

    Process process() {
        return process;
    }

    String stdout() throws IOException {
        return Files.readString(stdout, StandardCharsets.UTF_8);
    }

    String stderr() throws IOException {
        return Files.readString(stderr, StandardCharsets.UTF_8);
    }

    /** Waits for the exit and returns its code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the balancer did not exit within " + seconds + " s");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
