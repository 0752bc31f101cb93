package io.ganglion.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1's second half: the demo, started as its own process and sent SIGTERM (what Ctrl-C's
 * SIGINT also triggers: the JVM's shutdown hook), leaves no process and no socket file behind.
 */
class DemoSignalTest {

    @TempDir
    Path dir;

    @Test
    void sigtermStopsEveryChildProcessAndRemovesTheSocketAndTheTemporaryDirectory() throws Exception {
        Path out = dir.resolve("demo.out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process demo = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "io.ganglion.examples.demo.DemoMain", "--no-story", "--duration", "300")
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await("the demo runs with its load").atMost(Duration.ofSeconds(120)).until(() ->
                    Files.readString(out).contains("| web-1 "));
            String text = Files.readString(out, StandardCharsets.UTF_8);
            Path socket = Path.of(text.lines().filter(l -> l.startsWith("admin socket:")).findFirst().orElseThrow()
                    .substring("admin socket:".length()).strip());
            assertThat(socket).exists();
            List<ProcessHandle> children = demo.descendants().toList();
            assertThat(children).as("the bundled balancer runs as a child process").isNotEmpty();

            demo.destroy(); // SIGTERM

            assertThat(demo.waitFor(90, TimeUnit.SECONDS)).as("the demo exits").isTrue();
            await("every child process is gone").atMost(Duration.ofSeconds(30))
                    .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
            assertThat(socket).doesNotExist();
            assertThat(socket.getParent()).as("the demo's temporary directory").doesNotExist();
            assertThat(Files.readString(out)).contains("ganglion demo: stopping (signal)");
        } finally {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }
}
