package io.ganglion.agent;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.ganglion.agent.config.AgentConfig;
import io.ganglion.agent.config.ConfigException;
import io.ganglion.agent.config.ConfigLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion agent -c FILE [--check]}. Exit codes: 0 clean stop (or a valid file with
 * {@code --check}), 1 a runtime failure, 2 a configuration or usage error.
 */
@Command(name = "ganglion agent", mixinStandardHelpOptions = true,
        description = "Keeps the balancer's backends equal to the registries and registers this host's services.")
public final class AgentMain implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_RUNTIME = 1;
    static final int EXIT_CONFIG = 2;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the agent's ganglion.yaml")
    private Path configFile;

    @Option(names = "--check", description = "validate the configuration and exit")
    private boolean checkOnly;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit code (tests call this instead of {@link #main}). */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine commandLine = new CommandLine(new AgentMain());
        commandLine.setOut(out).setErr(err);
        commandLine.setExitCodeExceptionMapper(e -> EXIT_RUNTIME);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("ganglion agent: " + e.getMessage());
            e.getCommandLine().usage(err);
            return EXIT_CONFIG;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AgentConfig config;
        try {
            config = new ConfigLoader().load(configFile);
        } catch (ConfigException e) {
            spec.commandLine().getErr().println("ganglion agent: " + e.getMessage());
            return EXIT_CONFIG;
        }
        if (checkOnly) {
            out.println(configFile + ": OK (" + config.watch().size() + " watched, "
                    + config.register().size() + " registered)");
            return EXIT_OK;
        }
        return Agent.runUntilStopped(config);
    }
}
