package io.ganglion.balancer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A shell command of the capture run ({@code curl ...}, {@code openssl s_client ... | grep ...}),
 * run here as it was run there, through {@code bash -c}, for what it printed on its standard output.
 */
public final class CaptureShell {
    private CaptureShell() {
    }

    /** True when {@code curl} can be run. */
    public static boolean curlPresent() {
        return Files.isExecutable(Path.of("/usr/bin/curl"));
    }

    /** Runs {@code command} with {@code bash -c}; its standard output, whatever its exit status (a grep may find nothing). */
    public static String run(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("still running after 30 s: " + command);
        }
        return out;
    }
}
