package io.ganglion.examples.run;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.ganglion.agent.Shutdown;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import sun.misc.Signal;

/**
 * {@code ganglion example NAME}: runs one of the README's examples as written, with what it needs
 * started around it on the addresses its files name (servers, ZooKeeper, the Consul double,
 * HAProxy), until SIGINT or SIGTERM stops everything (exit 0). Once it is {@link Readiness ready}
 * it prints its frontend, its admin socket and a {@code socat} line to try,
 * then {@code ready}. Exit codes: 1 when it cannot start (a port taken, say), 2 for a usage error.
 */
@Command(name = "ganglion example", mixinStandardHelpOptions = true,
        description = {"Runs an example of the README as written, starting what it needs (servers, ZooKeeper, "
                + "a stand-in for Consul, HAProxy) on the addresses its files name; Ctrl-C stops everything.",
                "Examples: quickstart, guide (examples/balancer/*.cfg), zookeeper-bundled, consul-bundled, haproxy-zookeeper."})
public final class ExampleMain implements Callable<Integer> {

    @Parameters(paramLabel = "NAME", description = "quickstart, guide, zookeeper-bundled, consul-bundled or haproxy-zookeeper")
    private String name;

    @Option(names = "--examples", paramLabel = "DIR", defaultValue = "examples",
            description = "the folder holding the examples (default: ${DEFAULT-VALUE}, from the repository's top)")
    private Path examples;

    public static void main(String[] args) {
        // Before the first logger exists: no ZooKeeper chatter, no logback status lines.
        System.setProperty("logback.configurationFile", "ganglion-example-logback.xml");
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        CommandLine commandLine = new CommandLine(new ExampleMain());
        commandLine.setExitCodeExceptionMapper(e -> 1);
        commandLine.setExecutionExceptionHandler((e, line, parsed) -> {
            System.err.println("ganglion example: cannot start: " + e);
            return 1;
        });
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            System.err.println("ganglion example: " + e.getMessage());
            e.getCommandLine().usage(System.err);
            return 2;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        // A stop asked for by a signal is a clean stop: exit 0, as `ganglion balancer` does.
        CountDownLatch stopRequested = new CountDownLatch(1);
        for (String signal : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(signal), s -> stopRequested.countDown());
        }
        if (!Files.isDirectory(examples)) {
            // The examples' files name each other relative to the repository's top (bundled: examples/...).
            throw new CommandLine.ParameterException(new CommandLine(this),
                    "no folder '" + examples + "' here: run ./ganglion from the repository's top, or give --examples DIR");
        }
        try (Shutdown running = new Shutdown()) {
            Started started = start(running);
            if (started == null) {
                throw new CommandLine.ParameterException(new CommandLine(this), "unknown example '" + name + "'");
            }
            PrintWriter out = new PrintWriter(System.out, true);
            if (!Readiness.await(started, stopRequested)) {
                out.println("stopping");
                return 0;
            }
            out.println("frontend:       " + started.frontend());
            out.println("admin socket:   " + started.socket());
            out.println("try it:         echo \"show stat\" | socat stdio " + started.socket());
            out.println("ready; Ctrl-C stops everything");
            stopRequested.await();
            out.println("stopping");
        }
        return 0;
    }

    private Started start(Shutdown running) throws Exception {
        return switch (name) {
            case "quickstart", "guide" -> StaticBalancerExample.start(examples.resolve("balancer/" + name + ".cfg"), running);
            case "zookeeper-bundled", "consul-bundled" -> RegistryExample.start(examples.resolve(name + "/ganglion.yaml"), null, running);
            case "haproxy-zookeeper" -> RegistryExample.start(examples.resolve(name + "/ganglion.yaml"),
                    examples.resolve(name + "/haproxy.cfg"), running);
            default -> null;
        };
    }
}
