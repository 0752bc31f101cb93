package io.ganglion.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.ganglion.agent.config.ConfigException;
import io.ganglion.agent.config.ConfigLoader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Acceptance 4: every example configuration passes the check its program runs ({@code ganglion
 * agent --check}, {@code ganglion balancer -c}, HAProxy's own {@code haproxy -c}), run from the
 * repository as a user would; a copy broken by one bad key or one bad value is refused with a
 * message that points at the line.
 */
class ExampleConfigsTest {

    private static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    record Run(int exit, String output) {
    }

    @ParameterizedTest
    @ValueSource(strings = {"zookeeper-bundled", "consul-bundled", "haproxy-zookeeper"})
    void theAgentConfigPassesCheck(String example) throws Exception {
        String file = "examples/" + example + "/ganglion.yaml";
        Run run = java("io.ganglion.agent.AgentMain", "--check", "-c", file);
        assertThat(run.exit()).as(run.output()).isZero();
        assertThat(run.output()).contains(file + ": OK (");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zookeeper-bundled", "consul-bundled", "haproxy-zookeeper"})
    void aBadKeyOrABadValueIsRefusedAtItsLineAndColumn(String example) throws Exception {
        List<String> lines = Files.readAllLines(REPO.resolve("examples/" + example + "/ganglion.yaml"));
        int statusLine = lines.indexOf("status: 127.0.0.1:9901") + 1;
        int resyncLine = lines.indexOf("resync: 5s") + 1;
        assertThat(statusLine).isPositive();
        assertThat(resyncLine).isPositive();

        Path badKey = brokenCopy(lines, "status: 127.0.0.1:9901", "statuz: 127.0.0.1:9901");
        assertThatThrownBy(() -> new ConfigLoader().load(badKey)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(badKey + ":" + statusLine + ":1: statuz: unknown key 'statuz' (known here: ");

        Path badValue = brokenCopy(lines, "resync: 5s", "resync: five");
        assertThatThrownBy(() -> new ConfigLoader().load(badValue)).isInstanceOf(ConfigException.class)
                .hasMessage(badValue + ":" + resyncLine + ":1: resync: 'five' is not a duration: expected a whole number"
                        + " and a unit, e.g. 500ms, 2s, 1m, 1h");
    }

    @ParameterizedTest
    @ValueSource(strings = {"zookeeper-bundled", "consul-bundled"})
    void theBundledBalancerConfigPassesItsCheckAndABrokenCopyIsRefused(String example) throws Exception {
        String file = "examples/" + example + "/balancer.cfg";
        Run good = java("io.ganglion.balancer.BalancerMain", "-c", "-f", file);
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("Configuration file is valid");

        List<String> lines = Files.readAllLines(REPO.resolve(file));
        int balanceLine = lines.indexOf("    balance roundrobin") + 1;
        Path badValue = brokenCopy(lines, "    balance roundrobin", "    balance roundrobyn");
        Run broken = java("io.ganglion.balancer.BalancerMain", "-c", "-f", badValue.toString());
        assertThat(broken.exit()).isEqualTo(2);
        assertThat(broken.output()).contains("parsing [" + badValue + ":" + balanceLine + "] : balance only supports");

        Path badKey = brokenCopy(lines, "    option redispatch", "    option redispach");
        Run unknown = java("io.ganglion.balancer.BalancerMain", "-c", "-f", badKey.toString());
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.output()).contains("parsing [" + badKey + ":" + (lines.indexOf("    option redispatch") + 1) + "]");
    }

    @org.junit.jupiter.api.Test
    void theHaproxyConfigPassesHaproxysOwnCheckAndABrokenCopyIsRefused() throws Exception {
        Path haproxy = Path.of("/usr/sbin/haproxy");
        if (!Files.isExecutable(haproxy)) {
            if ("true".equals(System.getenv("CI"))) {
                fail("haproxy is not installed at " + haproxy + " (CI=true: this check may not be skipped)");
            }
            Assumptions.abort("haproxy is not installed at " + haproxy);
        }
        String file = "examples/haproxy-zookeeper/haproxy.cfg";
        Run good = run(List.of(haproxy.toString(), "-c", "-f", file));
        assertThat(good.exit()).as(good.output()).isZero();
        assertThat(good.output()).contains("Configuration file is valid");

        List<String> lines = Files.readAllLines(REPO.resolve(file));
        Path broken = brokenCopy(lines, "    balance roundrobin", "    balance roundrobyn");
        Run refused = run(List.of(haproxy.toString(), "-c", "-f", broken.toString()));
        assertThat(refused.exit()).isNotZero();
        assertThat(refused.output()).contains("parsing [" + broken + ":" + (lines.indexOf("    balance roundrobin") + 1)
                + "] : balance only supports");
    }

    private Path brokenCopy(List<String> lines, String line, String replacement) throws IOException {
        assertThat(lines).contains(line);
        List<String> copy = new ArrayList<>(lines);
        copy.set(copy.indexOf(line), replacement);
        Path file = Files.createTempFile(dir, "broken-", line.contains("balance") || line.contains("option") ? ".cfg" : ".yaml");
        Files.write(file, copy, StandardCharsets.UTF_8);
        return file;
    }

    /** A main class of this classpath in its own JVM, from the repository's top, as {@code ./ganglion} runs it. */
    private static Run java(String mainClass, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        return run(command);
    }

    static Run run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(REPO.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
