package io.ganglion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 5 and the launcher's contract, by running {@code ./ganglion} with bash. The script
 * runs on this test's classpath ({@code GANGLION_CLASSPATH}), so no build starts inside the build.
 */
class LauncherTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    record Run(int exit, String out, String err) {
    }

    @Test
    void noCommandOrAnUnknownOnePrintsUsageAndExits2() throws Exception {
        Run none = ganglion();
        assertThat(none.exit()).isEqualTo(2);
        assertThat(none.err()).contains("Usage: ganglion COMMAND");

        Run unknown = ganglion("frobnicate");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("ganglion: unknown command 'frobnicate'").contains("Usage: ganglion COMMAND");
    }

    @Test
    void helpListsEveryCommand() throws Exception {
        Run help = ganglion("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("Usage: ganglion COMMAND").contains("  balancer ").contains("  agent ")
                .contains("  ctl ").contains("  demo ").contains("  example NAME ").contains("  test ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"balancer", "agent", "ctl", "demo", "example"})
    void everyCommandHasHelpAndABadFlagIsAUsageError(String command) throws Exception {
        Run help = ganglion(command, "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: ").contains("--help").doesNotContain("stopping (signal)");

        Run bad = ganglion(command, "--no-such-flag");
        assertThat(bad.exit()).as(bad.out() + bad.err()).isEqualTo(2);
        assertThat(bad.err()).contains("Usage: ");
        assertThat(bad.out() + bad.err()).doesNotContain("ganglion: building");
    }

    /**
     * Issue 18: the agent's JVM had no bounds (120-137 MiB RSS). Each long-running JVM starts with
     * its own {@code jvm.options}, and its own variable replaces them; seen by a {@code java} on the
     * PATH that prints the arguments it was given.
     */
    @Test
    void theAgentAndTheBalancerEachStartWithTheirOwnJvmOptions(@TempDir Path bin) throws Exception {
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"java $*\"\n");
        assertThat(java.toFile().setExecutable(true)).isTrue();
        List<String> agentOptions = jvmOptions("agent/src/main/resources/io/ganglion/agent/jvm.options");
        List<String> balancerOptions = jvmOptions("balancer/src/main/resources/io/ganglion/balancer/jvm.options");
        assertThat(agentOptions).anyMatch(o -> o.startsWith("-Xmx")).anyMatch(o -> o.startsWith("-XX:MaxMetaspaceSize="));

        Map<String, String> defaults = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        String agent = run(defaults, "agent", "-c", "x.yaml").out();
        assertThat(agent).contains("java " + String.join(" ", agentOptions) + " ").contains("io.ganglion.agent.AgentMain -c x.yaml");
        String balancer = run(defaults, "balancer", "-f", "x.cfg").out();
        assertThat(balancer).contains("java " + String.join(" ", balancerOptions) + " ");

        Map<String, String> replaced = new HashMap<>(defaults);
        replaced.put("GANGLION_AGENT_JAVA_OPTS", "-Xmx48m");
        replaced.put("GANGLION_JAVA_OPTS", "-Xmx99m");
        assertThat(run(replaced, "agent", "-c", "x.yaml").out()).startsWith("java -Xmx48m -XX:+ExitOnOutOfMemoryError -cp ");
        assertThat(run(replaced, "balancer", "-f", "x.cfg").out()).startsWith("java -Xmx99m -XX:+ExitOnOutOfMemoryError -cp ");
    }

    private static List<String> jvmOptions(String file) throws Exception {
        return Files.readAllLines(REPO.resolve(file)).stream().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    private static Run ganglion(String... args) throws Exception {
        return run(Map.of("GANGLION_JAVA_OPTS", "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener"),
                args);
    }

    private static Run run(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", REPO.resolve("ganglion").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(REPO.toFile());
        builder.environment().put("GANGLION_CLASSPATH", System.getProperty("java.class.path"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        // Small outputs: read one stream after the other without risk of filling a pipe.
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), out, err);
    }
}
