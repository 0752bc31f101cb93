package io.ganglion.examples.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HAProxy in the foreground ({@code -db}) on an example's configuration, as the child of the
 * example, stopped with it. Its output goes to the example's standard error.
 */
final class HaproxyProcess implements AutoCloseable {

    private static final Path INSTALLED = Path.of("/usr/sbin/haproxy");

    private final Process process;

    private HaproxyProcess(Process process) {
        this.process = process;
    }

    /** Started, and answering on {@code socket} (its stats socket), or an exception saying why not. */
    static HaproxyProcess start(Path config, Path socket) throws IOException, InterruptedException {
        String binary = Files.isExecutable(INSTALLED) ? INSTALLED.toString() : "haproxy";
        Files.deleteIfExists(socket); // a socket left by an earlier run would read as this HAProxy being ready
        Process process;
        try {
            process = new ProcessBuilder(binary, "-db", "-f", config.toString())
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        } catch (IOException e) {
            throw new IOException("HAProxy 2.6+ is needed for this example (apt-get install -y haproxy): " + e.getMessage(), e);
        }
        HaproxyProcess haproxy = new HaproxyProcess(process);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                haproxy.close();
                throw new IOException("HAProxy did not start on " + config + " (its stats socket " + socket + " did not appear)");
            }
            // Polling the file system for the socket HAProxy creates once its listeners are bound.
            Thread.sleep(20);
        }
        return haproxy;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
