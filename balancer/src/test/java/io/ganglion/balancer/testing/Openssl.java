package io.ganglion.balancer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The {@code openssl} command, as the test PKIs run it to make their keys, certificates and OCSP responses. */
public final class Openssl {
    private Openssl() {
    }

    /** True when {@code openssl} can be run. */
    public static boolean present() {
        return Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    /** Runs {@code openssl ARGS} in {@code dir}; fails with what it printed when it fails. */
    public static void run(Path dir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("openssl " + String.join(" ", args) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
