package io.ganglion.agent.execute;

import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.reconcile.Action;
import io.ganglion.agent.reconcile.ActualBackend;
import io.ganglion.agent.reconcile.DesiredBackend;
import io.ganglion.agent.reconcile.Held;
import io.ganglion.agent.reconcile.Plan;
import io.ganglion.agent.reconcile.Policy;
import io.ganglion.agent.reconcile.PolicyMemory;
import io.ganglion.agent.reconcile.ServerNames;
import io.ganglion.agent.status.AgentMetrics;
import io.ganglion.agent.status.BackendStatus;
import io.ganglion.agent.status.StatusView;
import io.ganglion.registry.ServiceSnapshot;
import io.ganglion.runtime.RuntimeApiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's heart: one thread that, whenever a registry changes (triggers coalesce) and about
 * every {@code resync} (with jitter), reads the watched backends from the balancer, plans each with
 * {@link io.ganglion.agent.reconcile.Reconciler} and carries the plans out through the
 * {@link Executor}. After a cycle that sent commands, the next comes after {@code followUp}, so an
 * add or a delete is confirmed promptly; while a server drains (or a shrink awaits confirmation)
 * and nothing else happens, only the backends concerned are re-read, every {@code drainCheck}.
 *
 * <p><b>Threads.</b> The policy memories, the last-seen snapshots and the executor are confined
 * to the loop thread. Other threads talk to it through {@link #wake()} (a semaphore), the
 * {@link #release} queue (run on the loop thread at the start of a cycle), the concurrent
 * {@code changedAt} map, and read the published {@link StatusView} through a volatile reference.
 */
public final class ReconcileLoop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReconcileLoop.class);

    /** The rules of {@link Held#rule()}, each published as a gauge even while nothing is held. */
    private static final List<String> HELD_RULES = List.of("never-answered", "stale", "shrink", "removal-cap", "flap");

    private final List<WatchedBackend> watches;
    private final ActualStateReader reader;
    private final Executor executor;
    private final AuditTrail audit;
    private final AgentMetrics metrics;
    private final CycleTimes times;
    private final Clock clock;

    private final Semaphore wakeups = new Semaphore(0);
    private final ConcurrentLinkedQueue<Runnable> loopTasks = new ConcurrentLinkedQueue<>();
    /** Per backend, when a registry change arrived that no converged cycle has reflected yet. */
    private final Map<String, Instant> changedAt = new ConcurrentHashMap<>();
    private final AtomicReference<StatusView> status = new AtomicReference<>(StatusView.INITIAL);
    /** Completed by the first cycle that read the balancer with every watched registry's answer in hand. */
    private final CompletableFuture<Void> inControl = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean running = true;

    // Loop thread only.
    private final Map<String, PolicyMemory> memories = new HashMap<>();
    /** Per backend, the balancer's last refusal; kept until the backend converges. */
    private final Map<String, String> lastRefusals = new HashMap<>();
    private long cycles;
    private String lastCycleError;
    private final DecisionLog decisions;
    /** What the last cycle that planned each backend read and planned: a partial cycle publishes the rest from here. */
    private final Map<String, ActualBackend> lastActual = new HashMap<>();
    private final Map<String, Plan> lastPlans = new HashMap<>();

    public ReconcileLoop(List<WatchedBackend> watches, ActualStateReader reader, Executor executor, AuditTrail audit,
                         AgentMetrics metrics, CycleTimes times, Clock clock) {
        this.watches = List.copyOf(watches);
        this.reader = reader;
        this.executor = executor;
        this.audit = audit;
        this.metrics = metrics;
        this.times = times;
        this.clock = clock;
        this.decisions = new DecisionLog(audit);
        this.thread = new Thread(this::run, "ganglion-reconcile");
        this.thread.setDaemon(true);
        for (WatchedBackend watch : this.watches) {
            metrics.gauge("ganglion_registry_stale", () -> isStale(watch) ? 1.0 : 0.0, "service", watch.service());
            AtomicReference<Instant> lastFresh = new AtomicReference<>(clock.instant());
            metrics.gauge("ganglion_registry_staleness_seconds", () -> staleness(watch, lastFresh), "service",
                    watch.service());
            metrics.gauge("ganglion_registry_skipped_entries",
                    () -> (double) watch.watcher().current().map(ServiceSnapshot::skippedEntries).orElse(0),
                    "service", watch.service());
        }
    }

    private static boolean isStale(WatchedBackend watch) {
        return watch.watcher().current().map(s -> !s.isFresh()).orElse(true);
    }

    /**
     * 0 while the watch's answer is fresh; else the seconds since it was last seen fresh (when a
     * scrape found it so), or since the loop was made for a registry that never answered. Read on
     * the status endpoint's threads: {@code lastFresh} is that gauge's own.
     */
    private double staleness(WatchedBackend watch, AtomicReference<Instant> lastFresh) {
        Instant now = clock.instant();
        if (!isStale(watch)) {
            lastFresh.set(now);
            return 0;
        }
        return Duration.between(lastFresh.get(), now).toMillis() / 1000.0;
    }

    /** Subscribes to the watchers and starts the loop thread; the first cycle runs at once. */
    public void start() {
        for (WatchedBackend watch : watches) {
            watch.watcher().addListener(snapshot -> {
                changedAt.putIfAbsent(watch.backend(), clock.instant());
                log.debug("{}: registry change at revision {}; waking the loop", watch.backend(), snapshot.revision());
                wake();
            });
        }
        thread.start();
        wake();
    }

    /** Asks for a cycle soon; any number of calls before it starts make one cycle. */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    public StatusView status() {
        return status.get();
    }

    /**
     * Completes once the agent is in control: a cycle has read the balancer and planned every watched
     * backend on its registry's answer. What should not slow that down (a standby balancer's start)
     * waits for it. Never completes while a registry has not answered.
     */
    public CompletableFuture<Void> inControl() {
        return inControl.copy();
    }

    /**
     * Hands an operator's override on {@code backend/server} back to the agent; the next cycle
     * repairs the server. Completes with false when the backend is not one the agent fills.
     */
    public CompletableFuture<Boolean> release(String backend, String server) {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        loopTasks.add(() -> {
            boolean known = watches.stream().anyMatch(w -> w.backend().equals(backend));
            if (known) {
                memories.put(backend, memories.getOrDefault(backend, PolicyMemory.EMPTY).release(server));
                audit.record(new AuditEntry(clock.instant(), backend, server, "release", "",
                        "operator: released to the agent", "ok"));
                log.info("{}/{}: released by an operator; the next cycle repairs it", backend, server);
            }
            done.complete(known);
        });
        wake();
        return done;
    }

    /** When the next cycle comes unless something wakes the loop, and what it reads then. */
    private record Next(Duration delay, Set<String> backends) {
    }

    private void run() {
        Set<String> every = new LinkedHashSet<>();
        watches.forEach(watch -> every.add(watch.backend()));
        Next next = new Next(Duration.ZERO, every);
        Duration failureWait = times.followUp();
        while (running) {
            boolean woken;
            try {
                woken = wakeups.tryAcquire(next.delay().toMillis(), TimeUnit.MILLISECONDS);
                if (woken) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (!running) {
                return;
            }
            try {
                // A registry change or an operator's release may concern any backend.
                Optional<Next> result = cycle(woken ? every : next.backends(), every);
                if (result.isEmpty()) {
                    // The balancer did not answer: try again soon (it may be restarting), then less and less often.
                    next = new Next(failureWait, every);
                    failureWait = min(failureWait.multipliedBy(2), times.resync());
                } else {
                    next = result.get();
                    failureWait = times.followUp();
                }
            } catch (RuntimeException e) {
                log.error("reconcile cycle failed unexpectedly; the next cycle starts over", e);
                metrics.increment("ganglion_reconcile_failures_total", "reason", "internal");
                next = new Next(times.resync(), every);
            }
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /**
     * One cycle over {@code backends}.
     *
     * @return when the next comes and what it reads; empty when the balancer did not answer
     */
    private Optional<Next> cycle(Set<String> backends, Set<String> every) {
        for (Runnable task = loopTasks.poll(); task != null; task = loopTasks.poll()) {
            task.run();
        }
        Instant started = clock.instant();
        long startedNanos = System.nanoTime();
        Map<String, ActualBackend> actual;
        try {
            actual = reader.read(backends);
        } catch (RuntimeApiException | IllegalArgumentException e) {
            noteCycleError("cannot read the balancer: " + e.getMessage());
            return Optional.empty();
        }
        cycles++;
        metrics.increment("ganglion_reconcile_cycles_total");
        List<Action> actions = new ArrayList<>();
        Map<String, Plan> plans = new HashMap<>();
        Set<String> pending = new LinkedHashSet<>();
        boolean everyRegistryAnswered = backends.containsAll(every);
        for (WatchedBackend watch : watches) {
            if (!backends.contains(watch.backend())) {
                continue;
            }
            Optional<ServiceSnapshot> snapshot = watch.watcher().current();
            everyRegistryAnswered &= snapshot.isPresent();
            DesiredBackend desired = new DesiredBackend(watch.service(), watch.backend(), snapshot,
                    watch.serverOptions(), watch.managed(), watch.revisionName(), watch.slotPrefix(), watch.weights());
            ActualBackend backend = actual.getOrDefault(watch.backend(), new ActualBackend(watch.backend(), List.of()));
            Plan plan = io.ganglion.agent.reconcile.Reconciler.plan(desired, backend,
                    new Policy(watch.rules(), memories.getOrDefault(watch.backend(), PolicyMemory.EMPTY), started));
            memories.put(watch.backend(), plan.next());
            plans.put(watch.backend(), plan);
            actions.addAll(plan.actions());
            if (!plan.actions().isEmpty() || !plan.next().drainingSince().isEmpty() || !plan.next().pendingShrink().isEmpty()) {
                pending.add(watch.backend());
            }
            publishHeld(watch.backend(), plan);
            decisions.record(watch.service(), watch.backend(), plan, started);
            if (plan.converged()) {
                lastRefusals.remove(watch.backend());
                Instant since = changedAt.remove(watch.backend());
                if (since != null) {
                    metrics.observeConvergence(Duration.between(since, clock.instant()).toNanos() / 1e9);
                }
            }
        }
        long plannedNanos = System.nanoTime();
        if (!actions.isEmpty()) {
            try {
                for (Executor.Outcome outcome : executor.execute(actions, started)) {
                    if (outcome.status() == Executor.Outcome.Status.REFUSED) {
                        lastRefusals.put(outcome.action().backend(), outcome.refusal());
                    }
                }
            } catch (RuntimeApiException e) {
                noteCycleError("cannot send the plan: " + e.getMessage());
                return Optional.empty();
            }
        }
        lastCycleError = null;
        // Where a change's time goes on the agent's side (issue 18's convergence tail): the read
        // of the balancer, the plan, and the round trip of the commands.
        if (log.isDebugEnabled()) {
            log.debug("cycle {}: read and planned {} in {} ms, {} actions carried out in {} ms", cycles, backends,
                    millis(plannedNanos - startedNanos), actions.size(), millis(System.nanoTime() - plannedNanos));
        }
        if (everyRegistryAnswered && !inControl.isDone()) {
            log.info("in control: the balancer read and every watched registry's answer planned, {} ms after the JVM started",
                    ManagementFactory.getRuntimeMXBean().getUptime());
            inControl.complete(null);
        }
        lastActual.putAll(actual);
        lastPlans.putAll(plans);
        publish(started);
        if (!actions.isEmpty()) {
            return Optional.of(new Next(times.followUp(), pending));
        }
        if (!pending.isEmpty()) {
            return Optional.of(new Next(times.drainCheck(), pending));
        }
        return Optional.of(new Next(times.jitteredResync(ThreadLocalRandom.current()::nextDouble), every));
    }

    /** Gauges of what the policy holds back right now, and the overrides in force. */
    private void publishHeld(String backend, Plan plan) {
        for (String rule : HELD_RULES) {
            double count = plan.held().stream().filter(h -> h.rule().equals(rule)).count();
            metrics.gauge("ganglion_held_decisions", () -> count, "backend", backend, "rule", rule);
        }
        double overrides = plan.overrides().size();
        metrics.gauge("ganglion_overrides", () -> overrides, "backend", backend);
    }

    private void noteCycleError(String message) {
        if (!message.equals(lastCycleError)) {
            log.warn("{}; retrying", message);
        }
        lastCycleError = message;
        metrics.increment("ganglion_reconcile_failures_total", "reason", "socket");
        StatusView old = status.get();
        status.set(new StatusView(old.lastSync(), message, cycles, old.services(), old.registrations()));
    }

    private void publish(Instant when) {
        List<BackendStatus> services = new ArrayList<>();
        for (WatchedBackend watch : watches) {
            Optional<ServiceSnapshot> snapshot = watch.watcher().current();
            Plan plan = lastPlans.get(watch.backend());
            List<String> desired = snapshot.map(s -> s.endpoints().stream()
                    .map(e -> ServerNames.of(e) + " " + e.address() + " " + e.weight()).toList()).orElse(List.of());
            services.add(new BackendStatus(watch.service(), watch.backend(),
                    snapshot.map(s -> s.isFresh() ? "fresh" : "stale").orElse("never-answered"),
                    snapshot.map(ServiceSnapshot::revision).orElse(-1L),
                    snapshot.map(ServiceSnapshot::skippedEntries).orElse(0),
                    desired,
                    lastActual.getOrDefault(watch.backend(), new ActualBackend(watch.backend(), List.of())).servers(),
                    plan.held(), plan.overrides(), plan.converged(), when.toString(), lastRefusals.get(watch.backend())));
        }
        StatusView old = status.get();
        status.set(new StatusView(when.toString(), null, cycles, List.copyOf(services), old.registrations()));
    }

    /** Lets another component (registration) add its part of the status. */
    public void updateStatus(java.util.function.UnaryOperator<StatusView> change) {
        status.updateAndGet(change);
    }

    @Override
    public void close() {
        running = false;
        wake();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
