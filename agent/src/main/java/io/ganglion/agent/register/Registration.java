package io.ganglion.agent.register;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.ganglion.agent.audit.AuditEntry;
import io.ganglion.agent.audit.AuditTrail;
import io.ganglion.agent.config.CheckSettings;
import io.ganglion.agent.config.RegisterSettings;
import io.ganglion.agent.status.AgentMetrics;
import io.ganglion.agent.status.RegistrationStatus;
import io.ganglion.registry.Registrar;
import io.ganglion.registry.RegistrarStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one of this host's services registered while all its checks pass (each with its own
 * interval and rise/fall), and withdrawn while any fails. Each change is logged, audited with the
 * check result as its cause, and counted. Whether the registry really has it is the registrar's
 * to say: {@link #status()} joins what the checks want with what the registrar achieved.
 *
 * <p><b>Threads.</b> The checks, their {@link RiseFall}s and {@code registered} belong to the one
 * thread of {@link #scheduler}; {@link #status()} reads the volatile {@code published} check
 * snapshot and the registrar's own status.
 */
public final class Registration implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Registration.class);

    private record ScheduledCheck(HealthCheck check, CheckSettings settings, RiseFall state) {
    }

    private final RegisterSettings settings;
    private final Registrar registrar;
    private final AuditTrail audit;
    private final AgentMetrics metrics;
    private final Clock clock;
    private final List<ScheduledCheck> checks = new ArrayList<>();
    private final ScheduledExecutorService scheduler;
    /** What the checks last said; the registrar says the rest. */
    private record CheckState(boolean healthy, String lastCheck) {
    }

    private boolean registered; // scheduler thread only
    private volatile CheckState published = new CheckState(false, "not checked yet");

    public Registration(RegisterSettings settings, Registrar registrar, AuditTrail audit, AgentMetrics metrics, Clock clock) {
        this.settings = settings;
        this.registrar = registrar;
        this.audit = audit;
        this.metrics = metrics;
        this.clock = clock;
        for (CheckSettings check : settings.checks()) {
            checks.add(new ScheduledCheck(HealthCheck.of(check, settings.host(), settings.port()), check,
                    new RiseFall(check.rise(), check.fall())));
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ganglion-check-" + settings.service());
            thread.setDaemon(true);
            return thread;
        });
        metrics.gauge("ganglion_registration_up", () -> registrar.status().isRegistered() ? 1.0 : 0.0, "service", settings.service());
    }

    private String address() {
        return settings.host() + ":" + settings.port();
    }

    /** Starts the registrar and the checks; with no checks, the service is registered at once. */
    public void start() {
        registrar.start();
        if (checks.isEmpty()) {
            scheduler.execute(() -> publish(true, "no checks configured"));
            return;
        }
        for (ScheduledCheck check : checks) {
            long every = check.settings().interval().toMillis();
            scheduler.scheduleWithFixedDelay(() -> runCheck(check), 0, every, TimeUnit.MILLISECONDS);
        }
    }

    private void runCheck(ScheduledCheck check) {
        CheckResult result;
        try {
            result = check.check().run();
        } catch (RuntimeException e) {
            result = new CheckResult(false, "check failed: " + e);
        }
        check.state().record(result.passed());
        boolean healthy = checks.stream().allMatch(c -> c.state().healthy());
        publish(healthy, settings.checks().size() == 1 ? result.detail() : check.settings().type() + ": " + result.detail());
    }

    private void publish(boolean healthy, String lastCheck) {
        if (healthy != registered) {
            registered = healthy;
            registrar.reportHealth(healthy);
            String action = healthy ? "register" : "deregister";
            log.info("{} {} in {}: {}", action, settings.service(), settings.registry(), lastCheck);
            audit.record(new AuditEntry(clock.instant(), settings.service(), address(), action, settings.registry(),
                    "check: " + lastCheck, "ok"));
            metrics.increment("ganglion_registration_changes_total", "service", settings.service(), "to", action);
        }
        published = new CheckState(healthy, lastCheck);
    }

    public RegistrationStatus status() {
        CheckState checks = published;
        RegistrarStatus registry = registrar.status();
        return new RegistrationStatus(settings.service(), settings.registry(), address(), registry.isRegistered(),
                checks.lastCheck(), state(checks.healthy(), registry), registry.since(), registry.lastError().orElse(null),
                registry.failedAttempts(), registry.nextAttempt().orElse(null));
    }

    /** One word for {@code /status}: see {@link RegistrationStatus}. */
    private static String state(boolean healthy, RegistrarStatus registry) {
        return switch (registry.state()) {
            case CLOSED -> "stopped";
            case RETRYING -> "retrying";
            case REGISTERED -> healthy ? "registered" : "deregistering";
            case REGISTERING, WITHDRAWN -> healthy ? "registering" : "checks_failing";
        };
    }

    /** Stops the checks and withdraws the service (the registrar deregisters). */
    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean wasRegistered = registrar.status().isRegistered();
        registrar.close();
        if (wasRegistered) {
            audit.record(new AuditEntry(clock.instant(), settings.service(), address(), "deregister",
                    settings.registry(), "operator: agent shutting down", "ok"));
        }
        published = new CheckState(false, "agent stopped");
    }
}
