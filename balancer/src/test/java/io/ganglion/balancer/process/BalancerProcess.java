package io.ganglion.balancer.process;

import io.ganglion.balancer.BalancerMain;
import io.ganglion.balancer.testing.RunningBalancer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
        return startWithHeap(dir, "64m", args);
    }

    /** As {@link #start}, with a larger heap for a test that holds many connections. */
    static BalancerProcess startWithHeap(Path dir, String maxHeap, String... args) throws IOException {
        return startWithJvmOptions(dir, List.of("-Xmx" + maxHeap), args);
    }

    /** As {@link #start}, with these JVM options instead of the test heap bound. */
    static BalancerProcess startWithJvmOptions(Path dir, List<String> jvmOptions, String... args) throws IOException {
        return startWithEnvironment(dir, jvmOptions, Map.of(), args);
    }

    /** As {@link #startWithJvmOptions}, with {@code environment} added to the test's own. */
    static BalancerProcess startWithEnvironment(Path dir, List<String> jvmOptions, Map<String, String> environment,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), BalancerMain.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "balancer", ".out");
        Path err = Files.createTempFile(dir, "balancer", ".err");
        ProcessBuilder builder = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process p = builder.start();
        return new BalancerProcess(p, out, err);
    }

    /**
     * A balancer on the usual test topology ({@link RunningBalancer#httpTopology}): frontend
     * {@code fe} on {@code port} with {@code frontendLines}, backend {@code be} with one server,
     * {@code app}, on {@code serverPort}; {@code args} come before {@code -f}.
     */
    static BalancerProcess startHttp(Path dir, int port, int serverPort, String frontendLines, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-f", httpConfig(dir, port, serverPort, frontendLines).toString()));
        return start(dir, all.toArray(String[]::new));
    }

    /** The configuration file {@link #startHttp} runs. */
    static Path httpConfig(Path dir, int port, int serverPort, String frontendLines) throws IOException {
        Path cfg = dir.resolve("balancer-" + port + ".cfg");
        Files.writeString(cfg, RunningBalancer.httpTopology(frontendLines, "    server app 127.0.0.1:" + serverPort + "\n")
                .replace("${PORT}", Integer.toString(port)));
        return cfg;
    }

    /** Whether something accepts connections on the loopback {@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
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
