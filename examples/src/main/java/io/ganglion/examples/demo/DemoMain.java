package io.ganglion.examples.demo;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.ganglion.agent.Shutdown;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ganglion demo [--duration S] [--no-story]}: everything embedded on loopback (see
 * {@link DemoWorld}), a steady load through the balancer, the scripted {@link Story}, a live
 * {@link Display} and a {@link Summary}. Exit codes: 0 when no request failed, 1 when one did or
 * the demo could not run, 2 for a usage error. SIGINT and SIGTERM stop everything it started and
 * delete its temporary directory (socket included) through a shutdown hook.
 */
@Command(name = "ganglion demo", mixinStandardHelpOptions = true,
        description = {"Runs ZooKeeper, service instances, the agent and the bundled balancer on loopback, "
                + "sends a steady load through it and plays a story: scale out, a failing health check, a drain, "
                + "a canary, a ZooKeeper outage, recovery. Ends with a summary whose last line is "
                + "'requests: N, failed: F'."})
public final class DemoMain implements Callable<Integer> {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private static final int RATE_PER_SECOND = 200;
    private static final int LOAD_WORKERS = 8;
    private static final Duration MAX_OUTAGE = Duration.ofSeconds(10);
    /** Kept free at the end of --duration for stopping and the summary. */
    private static final Duration WIND_DOWN = Duration.ofSeconds(3);
    /** Story steps; the outage counts double in the budget, so it gets two of these units. */
    private static final int STEP_UNITS = 8;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "180",
            description = "stop after this many seconds (default: ${DEFAULT-VALUE}); the story's pauses are scaled to fit")
    private int durationSeconds;

    @Option(names = "--no-story", description = "no story: keep running quietly, a sandbox for socket commands")
    private boolean noStory;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final boolean terminal;
    private final Shutdown running = new Shutdown();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    /** Counted down when the command returns, summary printed: the hook waits for it before the JVM halts. */
    private final CountDownLatch finished = new CountDownLatch(1);
    // Set by the first stopAll() (command thread or hook), read by both: volatile.
    private volatile boolean stopped;
    // Set by the command thread when it starts, read by the hook to cut the story's pauses short: volatile.
    private volatile Thread commandThread;

    DemoMain(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public static void main(String[] args) {
        // Before the first logger exists: the demo's quiet logging, and no logback status chatter on stdout.
        System.setProperty("logback.configurationFile", "ganglion-demo-logback.xml");
        System.setProperty("logback.statusListenerClass", "ch.qos.logback.core.status.NopStatusListener");
        DemoMain demo = new DemoMain(System.out, System.console() != null);
        Thread hook = new Thread(demo::stopFromSignal, "ganglion-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        int code = run(demo, args, System.err);
        // The command is over (picocli never calls call() for --help or a usage error): the exit's
        // shutdown hook has nothing to stop and no summary to wait for.
        demo.stopAll();
        demo.finished.countDown();
        System.exit(code);
    }

    /** Runs the command line on {@code demo} and returns the exit code (tests call this, not {@link #main}). */
    static int run(DemoMain demo, String[] args, PrintStream err) {
        CommandLine commandLine = new CommandLine(demo);
        commandLine.setOut(new PrintWriter(demo.out, true)).setErr(new PrintWriter(err, true));
        commandLine.setExitCodeExceptionMapper(e -> EXIT_FAILED);
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("ganglion demo: " + e.getMessage());
            e.getCommandLine().usage(err);
            return EXIT_USAGE;
        });
        return commandLine.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        try {
            return play();
        } finally {
            finished.countDown();
        }
    }

    private int play() throws Exception {
        commandThread = Thread.currentThread();
        if (durationSeconds < 10) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must be 10 seconds or more");
        }
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(durationSeconds);
        Path dir = Files.createTempDirectory("ganglion-demo-");
        out.println("ganglion demo: starting ZooKeeper, the agent and the bundled balancer in " + dir);
        LoadGenerator load = null;
        Story story = null;
        try {
            DemoWorld world = register(new DemoWorld(dir));
            List<String> first = noStory ? List.of("web-1", "web-2", "web-3") : Story.firstInstances();
            for (String name : first) {
                world.startInstance(name);
            }
            load = register(new LoadGenerator(world.frontend(), RATE_PER_SECOND, LOAD_WORKERS));
            List<String> header = List.of(
                    "ganglion demo   frontend " + world.frontend() + "   load " + RATE_PER_SECOND + " req/s (keep-alive)",
                    "agent status:   " + world.statusUrl(),
                    "admin socket:   " + world.socketPath(),
                    "try it:         echo \"show stat\" | socat stdio " + world.socketPath(),
                    "agent log:      its WARN lines below are decisions the story expects: an operator's override"
                            + " kept (steps 3, 5), the last good state kept while ZooKeeper is down (step 6)");
            header.forEach(out::println);
            out.flush();
            Display display = register(new Display(out, terminal, load, world.socket(), header));
            display.announce("waiting for " + String.join(", ", first) + " to register and join " + DemoWorld.BACKEND);
            awaitFirstInstances(world, first);
            load.start();
            display.start();
            display.step(noStory ? "sandbox" : "steady");
            if (noStory) {
                display.announce("sandbox: no story; stop with Ctrl-C (or after --duration)");
                stopRequested.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } else {
                Duration unit = Duration.ofNanos(Math.max(TimeUnit.SECONDS.toNanos(2),
                        (deadline - WIND_DOWN.toNanos() - System.nanoTime()) / (STEP_UNITS + 1)));
                Waiting.until(System.nanoTime() + unit.toNanos()); // a steady start to compare with
                Duration outage = unit.multipliedBy(2).compareTo(MAX_OUTAGE) > 0 ? MAX_OUTAGE : unit.multipliedBy(2);
                story = new Story(world, load, display, unit, outage);
                story.run();
            }
        } catch (Exception e) {
            if (!stopped) {
                out.println("ganglion demo: failed: " + e);
                stopAll();
                return EXIT_FAILED;
            }
            // stopped by a signal while a step ran: the summary of what happened so far follows
        } finally {
            stopAll(); // the load first, so that the summary counts every request sent
        }
        if (load == null) {
            return EXIT_FAILED;
        }
        Tally total = load.tally();
        Summary.lines(story == null ? List.of() : story.results(), total, load.lastFailure()).forEach(out::println);
        out.flush();
        return total.failed() == 0 && total.sent() > 0 ? EXIT_OK : EXIT_FAILED;
    }

    private void awaitFirstInstances(DemoWorld world, List<String> names) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                if (Story.up(ServerRow.of(world.socket()), names.toArray(String[]::new))) {
                    return;
                }
            } catch (RuntimeException e) {
                // not answering yet
            }
            Waiting.until(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        }
        throw new IllegalStateException(names + " did not join " + DemoWorld.BACKEND + " within 60s");
    }

    private synchronized <T extends AutoCloseable> T register(T component) {
        if (stopped) {
            closeQuietly(component);
            throw new IllegalStateException("stopping");
        }
        return running.add(component);
    }

    /** Stops everything started, in the reverse order; safe to call twice and from the hook. */
    synchronized void stopAll() {
        stopped = true;
        stopRequested.countDown();
        running.close();
    }

    /** The shutdown hook: stop everything, then give the command thread time to print the summary. */
    private void stopFromSignal() {
        if (!stopped) {
            out.println("ganglion demo: stopping (signal)");
            out.flush();
        }
        stopAll();
        Thread command = commandThread;
        if (command != null) {
            command.interrupt(); // ends a story pause at once; the steps after it fail fast on the stopped world
        }
        try {
            finished.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            // stopping anyway
        }
    }
}
