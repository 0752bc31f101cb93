package io.ganglion.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.ganglion.balancer.testing.Ports;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 7: what an operator reads. The agent runs as its own process on its production
 * classpath (this test's, without test code), with the bundled balancer and a ZooKeeper that comes up
 * only after a few seconds. Its output has no logback status lines and no stack traces; ZooKeeper's
 * absence is one line, repeated at growing intervals; the bundled balancer logs exactly as a
 * standalone one does. It reads no logging configuration file: no XML parser is loaded.
 */
class AgentLoggingTest {

    private static final Duration GENEROUS = Duration.ofSeconds(60);
    private static final Pattern ISO_TIME = Pattern.compile("^(\\S+) ");

    @Test
    void oneLinePerProblemAtGrowingIntervalsNoLogbackStatusAndOneBalancerFormat(@TempDir Path dir) throws Exception {
        int zkPort = Ports.free();
        int statusPort = Ports.free();
        Path balancerConfig = Files.writeString(dir.resolve("balancer.cfg"), """
                global
                    stats socket %s mode 600 level admin
                defaults
                    mode http
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                backend be_web
                    balance roundrobin
                """.formatted(dir.resolve("bundled.sock")));
        Path agentConfig = Files.writeString(dir.resolve("ganglion.yaml"), """
                balancer: { socket: %s, bundled: %s, bundled_log: %s, standby: false }
                registries: { zk: { type: zookeeper, connect: "127.0.0.1:%d", chroot: /smartstack } }
                watch: [ { service: web, registry: zk, path: /services/web, backend: be_web } ]
                register: [ { service: web, registry: zk, path: /services/web, instance_id: i-log, host: 127.0.0.1, port: 8080 } ]
                status: 127.0.0.1:%d
                shutdown_grace: 0s
                """.formatted(dir.resolve("bundled.sock"), balancerConfig, dir.resolve("bundled.log"), zkPort, statusPort));
        Path agentLog = dir.resolve("agent.log");
        Path standaloneLog = dir.resolve("standalone.log");

        Process standalone = java(List.of("io.ganglion.balancer.BalancerMain", "-f",
                Files.writeString(dir.resolve("standalone.cfg"), Files.readString(balancerConfig)
                        .replace(dir.resolve("bundled.sock").toString(), dir.resolve("standalone.sock").toString())).toString()),
                standaloneLog, productionClasspath(false));
        Path agentClasses = dir.resolve("agent-classes.log");
        Process agent = java(List.of("-Xlog:class+load=info:file=" + agentClasses, "io.ganglion.agent.AgentMain", "-c",
                agentConfig.toString()), agentLog, productionClasspath(true));
        try {
            List<String> unreachable = await("three reports of an unreachable ZooKeeper").atMost(GENEROUS)
                    .until(() -> linesOf(agentLog).stream().filter(l -> l.contains("cannot reach ZooKeeper")).toList(),
                            lines -> lines.size() >= 3);
            try (TestingServer zk = new TestingServer(zkPort, true)) {
                await("connected and registered").atMost(GENEROUS).until(() -> String.join("\n", linesOf(agentLog)),
                        log -> log.contains("connected to ZooKeeper at 127.0.0.1:" + zkPort) && log.contains("registered /services/web/i-log_"));
                agent.destroy();
                assertThat(agent.waitFor(60, TimeUnit.SECONDS)).isTrue();
            }

            for (String line : unreachable) {
                assertThat(line).endsWith(" WARN  [ganglion-zk-connection] ZooKeeperConnectionLog: cannot reach ZooKeeper at 127.0.0.1:"
                        + zkPort + ": connection refused; retrying");
            }
            Duration first = between(unreachable.get(0), unreachable.get(1));
            Duration second = between(unreachable.get(1), unreachable.get(2));
            assertThat(second).as("the second interval is longer than the first (%s)", first).isGreaterThan(first.plusMillis(500));

            List<String> agentLines = linesOf(agentLog);
            assertThat(agentLines).as("logback's own status").noneMatch(l -> l.contains("|-INFO in ch.qos.logback") || l.contains("|-WARN in"));
            assertThat(agentLines).as("stack traces").noneMatch(l -> l.startsWith("\tat ") || l.startsWith("Caused by"));
            // Issue 18: configured in code, the agent loads no XML parser (about 300 classes of its memory).
            assertThat(Files.readAllLines(agentClasses, StandardCharsets.UTF_8)).as("classes the agent loaded")
                    .isNotEmpty()
                    .noneMatch(l -> l.contains(" com.sun.org.apache.xerces.") || l.contains(" ch.qos.logback.classic.joran.JoranConfigurator "));

            // The bundled balancer: no logback status, and line for line the standalone balancer's format.
            await("the standalone balancer's first line").atMost(GENEROUS).until(() -> linesOf(standaloneLog).stream()
                    .anyMatch(l -> l.contains("listening")));
            String standaloneLine = linesOf(standaloneLog).stream().filter(l -> l.contains("listening")).findFirst().orElseThrow();
            List<String> bundledLines = linesOf(dir.resolve("bundled.log"));
            assertThat(bundledLines).as("logback's own status").noneMatch(l -> l.contains("|-INFO in ch.qos.logback") || l.contains("|-WARN in"));
            assertThat(bundledLines).contains(standaloneLine.replace("standalone.sock", "bundled.sock"));
        } finally {
            agent.destroyForcibly();
            standalone.destroy();
            standalone.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /**
     * This test's classpath without test code: the jars and classes {@code ./ganglion agent} runs
     * with. The standalone balancer's leaves out the agent's own classes.
     */
    private static String productionClasspath(boolean withAgent) {
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("-tests.jar"))
                .filter(entry -> withAgent || !entry.replace('\\', '/').contains("/agent/target/"))
                .reduce((a, b) -> a + File.pathSeparator + b).orElseThrow();
    }

    /** {@code java -cp CLASSPATH ARGUMENTS...}: JVM options, then the main class and its arguments. */
    private static Process java(List<String> mainAndArguments, Path log, String classpath) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath));
        command.addAll(mainAndArguments);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly));
        return process;
    }

    private static List<String> linesOf(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    }

    private static Duration between(String earlier, String later) {
        return Duration.between(time(earlier), time(later));
    }

    private static Instant time(String line) {
        Matcher matcher = ISO_TIME.matcher(line);
        assertThat(matcher.find()).as("a timestamped line: %s", line).isTrue();
        return java.time.OffsetDateTime.parse(matcher.group(1)).toInstant();
    }
}
