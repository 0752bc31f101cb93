package io.ganglion.bench.balancers;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How the balancers are launched.
 *
 * @param java        the java binary for the bundled balancer (the harness's own)
 * @param classpath   the bundled balancer's classpath (the harness's own: it depends on the balancer)
 * @param javaOptions the bundled balancer's JVM options (its {@code jvm.options} or {@code GANGLION_JAVA_OPTS}, a JFR recording)
 * @param agentJavaOptions the agent's JVM options (its {@code jvm.options} or {@code GANGLION_AGENT_JAVA_OPTS})
 * @param haproxy     the HAProxy binary
 * @param baselineClasspath the classpath of the {@code --baseline} build's balancer, or {@code ""}
 * @param balancerArguments options after the bundled balancer's {@code -f FILE --grace 1} (a part's own, e.g. {@code --rehearse})
 */
public record LaunchSettings(String java, String classpath, List<String> javaOptions, List<String> agentJavaOptions,
        String haproxy, String baselineClasspath, List<String> balancerArguments) {
    public LaunchSettings {
        javaOptions = List.copyOf(javaOptions);
        agentJavaOptions = List.copyOf(agentJavaOptions);
        balancerArguments = List.copyOf(balancerArguments);
    }

    public LaunchSettings(String java, String classpath, List<String> javaOptions, List<String> agentJavaOptions,
            String haproxy, String baselineClasspath) {
        this(java, classpath, javaOptions, agentJavaOptions, haproxy, baselineClasspath, List.of());
    }

    /** The same command line {@code ./ganglion balancer} runs, with a one-second grace on stop. */
    List<String> ganglionCommand(Path config) {
        return balancerCommand(classpath, config);
    }

    /** {@link #ganglionCommand} with the baseline build's classes. */
    List<String> baselineCommand(Path config) {
        if (baselineClasspath.isEmpty()) {
            throw new IllegalStateException("no --baseline build given");
        }
        return balancerCommand(baselineClasspath, config);
    }

    private List<String> balancerCommand(String balancerClasspath, Path config) {
        List<String> command = new ArrayList<>(List.of(java, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", balancerClasspath, "io.ganglion.balancer.BalancerMain", "-f", config.toString(),
                "--grace", "1"));
        command.addAll(balancerArguments);
        return command;
    }

    /**
     * The same command line {@code ./ganglion agent -c FILE} runs (a bundled balancer it starts gets its own options):
     * the agent's build and its class-data archives when the build made them, else this classpath. Before, the
     * footprint figures were of a sidecar whose balancer and standby had no archive, unlike the one an operator runs.
     */
    public List<String> agentCommand(Path config) {
        return agentCommand(config, Path.of(""));
    }

    /** {@link #agentCommand(Path)} for the build under the repository root {@code root}. */
    List<String> agentCommand(Path config, Path root) {
        List<String> command = new ArrayList<>(List.of(java, "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(agentJavaOptions);
        String agentClasspath = classpath;
        Path jar = root.resolve("agent/target/ganglion-agent.jar").toAbsolutePath();
        if (Files.isRegularFile(jar)) {
            agentClasspath = jar + File.pathSeparator + jar.resolveSibling("lib") + "/*";
            archive(command, "-XX:SharedArchiveFile=", jar.resolveSibling("ganglion-agent.jsa"));
            archive(command, "-Dganglion.balancer.archive=", jar.resolveSibling("ganglion-balancer.jsa"));
        }
        command.addAll(List.of("-cp", agentClasspath, "io.ganglion.agent.AgentMain", "-c", config.toString()));
        return command;
    }

    private static void archive(List<String> command, String option, Path file) {
        if (Files.isRegularFile(file)) {
            command.add(option + file);
            if (option.startsWith("-XX:")) {
                command.addAll(List.of("-Xlog:cds=off", "-Xlog:cds+dynamic=off"));
            }
        }
    }

    public LaunchSettings withJavaOptions(List<String> extra) {
        List<String> all = new ArrayList<>(javaOptions);
        all.addAll(extra);
        return new LaunchSettings(java, classpath, all, agentJavaOptions, haproxy, baselineClasspath, balancerArguments);
    }

    /** These settings with {@code extra} after the bundled balancer's other arguments. */
    public LaunchSettings withBalancerArguments(List<String> extra) {
        List<String> all = new ArrayList<>(balancerArguments);
        all.addAll(extra);
        return new LaunchSettings(java, classpath, javaOptions, agentJavaOptions, haproxy, baselineClasspath, all);
    }
}
