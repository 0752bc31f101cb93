package io.ganglion.bench.balancers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent the harness starts is the one {@code ./ganglion agent} starts. */
class LaunchSettingsTest {
    @TempDir
    Path root;

    private final LaunchSettings settings = new LaunchSettings("java", "bench.jar", List.of(), List.of("-Xmx32m"), "haproxy", "");

    @Test
    void theAgentRunsFromItsBuildWithItsClassDataArchivesAsTheLauncherRunsIt() throws Exception {
        Path target = Files.createDirectories(root.resolve("agent/target"));
        for (String file : List.of("ganglion-agent.jar", "ganglion-agent.jsa", "ganglion-balancer.jsa")) {
            Files.writeString(target.resolve(file), "");
        }
        Path dir = target.toAbsolutePath();
        assertThat(settings.agentCommand(Path.of("ganglion.yaml"), root)).containsExactly("java", "-XX:+ExitOnOutOfMemoryError",
                "-Xmx32m", "-XX:SharedArchiveFile=" + dir.resolve("ganglion-agent.jsa"), "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-Dganglion.balancer.archive=" + dir.resolve("ganglion-balancer.jsa"),
                "-cp", dir.resolve("ganglion-agent.jar") + ":" + dir.resolve("lib") + "/*",
                "io.ganglion.agent.AgentMain", "-c", "ganglion.yaml");
    }

    @Test
    void withoutTheAgentsBuildItRunsOnTheHarnessClasspath() {
        assertThat(settings.agentCommand(Path.of("ganglion.yaml"), root)).containsExactly("java", "-XX:+ExitOnOutOfMemoryError",
                "-Xmx32m", "-cp", "bench.jar", "io.ganglion.agent.AgentMain", "-c", "ganglion.yaml");
    }

    @Test
    void aPartsBalancerArgumentsComeAfterTheFileAndGrace() {
        assertThat(settings.withBalancerArguments(List.of("--rehearse")).withJavaOptions(List.of("-Xss1m"))
                .ganglionCommand(Path.of("b.cfg"))).containsExactly("java", "-XX:+ExitOnOutOfMemoryError", "-Xss1m",
                "-cp", "bench.jar", "io.ganglion.balancer.BalancerMain", "-f", "b.cfg", "--grace", "1", "--rehearse");
    }
}
