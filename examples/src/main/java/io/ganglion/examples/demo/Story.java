package io.ganglion.examples.demo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import io.ganglion.runtime.RuntimeApiException;

/**
 * The scripted story, one step after the other, each announced: scale out, a failing health check,
 * a drain for a deploy, a canary at about 10%, a ZooKeeper outage, recovery. Every step acts the
 * way it happens in production — instances start and register, a check fails, an operator types a
 * command on the stats socket, ZooKeeper goes away — and then waits until the balancer shows the
 * effect, which is the step's convergence time. Runs on the caller's thread.
 */
final class Story {

    /** A change that has not reached the balancer by then is reported as not converged. */
    private static final Duration CONVERGENCE_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(50);
    /** The canary's weight next to two servers of {@link DemoWorld#WEIGHT}: 22 / 222 is about 10%. */
    static final int CANARY_WEIGHT = 22;

    private interface Action {
        void run() throws Exception;
    }

    private final DemoWorld world;
    private final LoadGenerator load;
    private final Display display;
    private final Duration pause;
    private final Duration outage;
    private final List<StepResult> results = new ArrayList<>();

    /**
     * @param pause  how long each step lasts (its convergence included)
     * @param outage how long ZooKeeper stays down
     */
    Story(DemoWorld world, LoadGenerator load, Display display, Duration pause, Duration outage) {
        this.world = world;
        this.load = load;
        this.display = display;
        this.pause = pause;
        this.outage = outage;
    }

    /** The instances the story begins with, registered before the load starts. */
    static List<String> firstInstances() {
        return List.of("web-1", "web-2");
    }

    List<StepResult> run() throws Exception {
        step("scale out", "web-3 and web-4 start and register in ZooKeeper; the agent adds them",
                () -> {
                    world.startInstance("web-3");
                    world.startInstance("web-4");
                },
                rows -> up(rows, "web-1", "web-2", "web-3", "web-4") && rows.size() == 4, pause);
        step("health check fails", "web-2's /health answers 503: its Nerve deregisters it, the agent drains and removes it",
                () -> world.instance("web-2").healthy(false),
                rows -> find(rows, "web-2").isEmpty(), pause);
        String web3 = serverOf("web-3");
        step("drain for a deploy", "operator: set server " + DemoWorld.BACKEND + "/" + web3 + " state drain",
                () -> world.socket().execute("set server " + DemoWorld.BACKEND + "/" + web3 + " state drain").orThrow(),
                rows -> find(rows, "web-3").map(r -> r.status().equals("DRAIN")).orElse(false), pause);
        step("deploy done", "operator: set server " + DemoWorld.BACKEND + "/" + web3 + " state ready",
                () -> world.socket().execute("set server " + DemoWorld.BACKEND + "/" + web3 + " state ready").orThrow(),
                rows -> up(rows, "web-3"), pause);
        String web4 = serverOf("web-4");
        step("canary at ~10%", "operator: set weight " + DemoWorld.BACKEND + "/" + web4 + " " + CANARY_WEIGHT
                        + " (the others weigh " + DemoWorld.WEIGHT + ")",
                () -> world.socket().execute("set weight " + DemoWorld.BACKEND + "/" + web4 + " " + CANARY_WEIGHT).orThrow(),
                rows -> find(rows, "web-4").map(r -> r.weight() == CANARY_WEIGHT).orElse(false), pause);
        List<String> before = servers();
        step("ZooKeeper outage", "ZooKeeper stops for " + outage.toSeconds() + "s: the agent keeps the last good state",
                world::stopZooKeeper, null, outage);
        List<String> during = servers();
        display.announce(before.equals(during) ? "the balancer's servers did not change during the outage"
                : "the servers CHANGED during the outage: " + before + " -> " + during);
        step("recovery", "ZooKeeper is back, web-2 is healthy again, the canary gets its full weight",
                () -> {
                    world.restartZooKeeper();
                    world.instance("web-2").healthy(true);
                    world.socket().execute("set weight " + DemoWorld.BACKEND + "/" + web4 + " " + DemoWorld.WEIGHT).orThrow();
                },
                rows -> up(rows, "web-1", "web-2", "web-3", "web-4") && rows.stream().allMatch(r -> r.weight() == DemoWorld.WEIGHT),
                pause);
        return results();
    }

    /** The steps completed so far (all of them once {@link #run} has returned). */
    List<StepResult> results() {
        synchronized (results) {
            return List.copyOf(results);
        }
    }

    /**
     * Runs one step: announce it, act, wait for the balancer to show the effect ({@code converged}
     * null: nothing is meant to change), then let it run until {@code length} has passed.
     */
    private void step(String title, String announcement, Action action, Predicate<List<ServerRow>> converged,
                      Duration length) throws Exception {
        display.step(title);
        display.announce("step " + (results().size() + 1) + ": " + title + " — " + announcement);
        Tally start = load.tally();
        long started = System.nanoTime();
        action.run();
        Optional<Duration> convergence = Optional.empty();
        String note = "no change expected";
        if (converged != null) {
            convergence = awaitBalancer(converged);
            note = convergence.map(d -> "converged in " + seconds(d))
                    .orElse("did not converge within " + CONVERGENCE_LIMIT.toSeconds() + "s");
            display.announce(title + ": " + note);
        }
        Waiting.until(started + length.toNanos());
        StepResult result = new StepResult(title, Duration.ofNanos(System.nanoTime() - started), convergence, note,
                load.tally().minus(start));
        synchronized (results) { // read by the shutdown hook's summary
            results.add(result);
        }
    }

    /** Polls {@code show stat} until the condition holds; the polling is the measurement. */
    private Optional<Duration> awaitBalancer(Predicate<List<ServerRow>> condition) {
        long started = System.nanoTime();
        long deadline = started + CONVERGENCE_LIMIT.toNanos();
        while (System.nanoTime() < deadline && !Thread.currentThread().isInterrupted()) {
            try {
                if (condition.test(ServerRow.of(world.socket()))) {
                    return Optional.of(Duration.ofNanos(System.nanoTime() - started));
                }
            } catch (RuntimeApiException e) {
                // the balancer may be busy or restarting: look again
            }
            Waiting.until(System.nanoTime() + POLL.toNanos());
        }
        return Optional.empty();
    }

    private List<String> servers() {
        return ServerRow.of(world.socket()).stream().map(ServerRow::server).sorted().toList();
    }

    private String serverOf(String instance) {
        return find(ServerRow.of(world.socket()), instance).map(ServerRow::server)
                .orElseThrow(() -> new IllegalStateException(instance + " is not in " + DemoWorld.BACKEND));
    }

    static boolean up(List<ServerRow> rows, String... instances) {
        for (String instance : instances) {
            if (!find(rows, instance).map(r -> r.status().equals("UP")).orElse(false)) {
                return false;
            }
        }
        return true;
    }

    static Optional<ServerRow> find(List<ServerRow> rows, String instance) {
        return rows.stream().filter(r -> r.instance().equals(instance)).findFirst();
    }

    static String seconds(Duration duration) {
        return String.format("%.1fs", duration.toMillis() / 1000.0);
    }
}
