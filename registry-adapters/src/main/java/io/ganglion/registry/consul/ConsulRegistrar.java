package io.ganglion.registry.consul;

import com.ecwid.consul.transport.HttpResponse;
import io.ganglion.registry.Registrar;
import io.ganglion.registry.RegistrarStatus;
import io.ganglion.registry.RegistrarStatus.State;
import io.ganglion.registry.internal.Backoff;
import io.ganglion.registry.internal.DaemonThreads;
import io.ganglion.registry.internal.Lifecycle;
import io.ganglion.registry.internal.RetryState;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this host's service with the local Consul agent, with its check, and deregisters it on
 * {@link #close()}.
 *
 * <p>Health: with an HTTP or TCP check, Consul runs the check and decides what "passing" means;
 * {@link #reportHealth} then changes nothing in Consul. With a TTL check, {@link #reportHealth}
 * sends pass or fail at once, and the last report is repeated every TTL/3 so the check does not expire
 * while the agent keeps reporting. Every failure (Consul unreachable, an HTTP error such as a refused
 * ACL token) is retried with back-off, and {@link #status()} says "retrying" with the error meanwhile;
 * "registered" means Consul accepted the service and, with a TTL check, the last "pass". A Consul
 * agent that forgot the service (restarted without its state: the TTL update answers 404) gets it
 * registered again.
 *
 * <p>Threads: all Consul calls run on {@link #worker}, which owns the fields marked "worker";
 * {@link #healthy} is volatile because {@link #reportHealth} writes it from the caller's thread.
 */
public final class ConsulRegistrar implements Registrar {

    private static final Logger log = LoggerFactory.getLogger(ConsulRegistrar.class);

    private final ConsulRegistration registration;
    private final ConsulHttp http;
    private final Lifecycle lifecycle;
    private final ScheduledExecutorService worker;
    private final RetryState retry = new RetryState(
            new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault()), Clock.systemUTC());
    private volatile boolean healthy;
    private boolean registered; // worker: Consul accepted the service
    private ScheduledFuture<?> nextTry; // worker

    public ConsulRegistrar(ConsulConnection connection, ConsulRegistration registration) {
        this.registration = registration;
        this.http = new ConsulHttp(connection, Duration.ofSeconds(30));
        this.lifecycle = new Lifecycle("Consul registrar for " + registration.id());
        this.worker = DaemonThreads.single("ganglion-consul-register-" + registration.id());
    }

    @Override
    public void start() {
        lifecycle.start();
        onWorker(this::converge);
        if (registration.check().kind() == ConsulCheck.Kind.TTL) {
            long every = Math.max(1, registration.check().every().toMillis() / 3);
            worker.scheduleWithFixedDelay(this::refreshTtl, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void reportHealth(boolean nowHealthy) {
        lifecycle.checkStarted();
        boolean changed = healthy != nowHealthy;
        healthy = nowHealthy;
        if (changed) {
            onWorker(this::converge);
        }
    }

    @Override
    public RegistrarStatus status() {
        return retry.status();
    }

    @Override
    public void close() {
        if (!lifecycle.close()) {
            return;
        }
        worker.shutdownNow();
        try {
            HttpResponse response = http.put("/v1/agent/service/deregister/" + ConsulHttp.pathSegment(registration.id()), null);
            if (response.getStatusCode() != 200) {
                log.warn("Deregistering {} from Consul: HTTP {} {}", registration.id(), response.getStatusCode(), response.getContent());
            }
        } catch (RuntimeException e) {
            log.warn("Deregistering {} from Consul failed: {}", registration.id(), e.getMessage());
        } finally {
            try {
                http.close();
            } catch (IOException e) {
                log.debug("Closing the Consul HTTP client: {}", e.toString());
            }
        }
        retry.reached(State.CLOSED);
    }

    // --- worker thread -------------------------------------------------------------------------

    /** The TTL's periodic refresh; while a retry is pending, the retry does it (at its back-off). */
    private void refreshTtl() {
        if (nextTry == null) {
            converge();
        }
    }

    /** Brings Consul in line: the service registered, and (TTL) the check saying what the checks say. */
    private void converge() {
        if (nextTry != null) {
            nextTry.cancel(false);
            nextTry = null;
        }
        boolean wanted = healthy;
        if (wanted && retry.status().state() == State.WITHDRAWN) {
            retry.reached(State.REGISTERING);
        }
        try {
            if (!registered) {
                register();
            }
            if (registration.check().kind() == ConsulCheck.Kind.TTL) {
                sendTtl(wanted);
            }
            boolean first = retry.status().state() != State.REGISTERED;
            State reached = wanted || registration.check().kind() != ConsulCheck.Kind.TTL ? State.REGISTERED : State.WITHDRAWN;
            retry.reached(reached);
            if (first && reached == State.REGISTERED) {
                log.info("Registered {} ({}) with Consul", registration.id(), registration.name());
            }
        } catch (RuntimeException e) {
            String error = "cannot " + (registered ? "update the check of " : "register ") + registration.id()
                    + " with Consul: " + e.getMessage();
            RetryState.Retry next = retry.failed(error);
            if (next.warn()) {
                log.warn("{}; retrying in {} ms", error, next.delay().toMillis());
            } else {
                log.debug("{}; retrying in {} ms", error, next.delay().toMillis());
            }
            try {
                nextTry = worker.schedule(this::converge, next.delay().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closed) {
                log.debug("Consul registrar {} closed", registration.id());
            }
        }
    }

    private void register() {
        HttpResponse response = http.put("/v1/agent/service/register", registration.toJson());
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.getStatusCode() + " " + response.getContent().strip());
        }
        registered = true;
    }

    private void sendTtl(boolean pass) {
        String verb = pass ? "pass" : "fail";
        HttpResponse response = http.put("/v1/agent/check/" + verb + "/" + ConsulHttp.pathSegment(registration.checkId()), null);
        if (response.getStatusCode() == 404) {
            registered = false; // the agent no longer knows the service: register it again on the next try
            throw new IllegalStateException("Consul no longer knows the check " + registration.checkId()
                    + " (HTTP 404); registering again");
        }
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("TTL " + verb + ": HTTP " + response.getStatusCode() + " " + response.getContent().strip());
        }
    }

    private void onWorker(Runnable task) {
        try {
            worker.execute(task);
        } catch (RejectedExecutionException closed) {
            log.debug("Consul registrar {} closed", registration.id());
        }
    }
}
