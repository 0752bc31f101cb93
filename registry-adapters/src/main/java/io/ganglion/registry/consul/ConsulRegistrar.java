package io.ganglion.registry.consul;

import com.ecwid.consul.transport.HttpResponse;
import io.ganglion.registry.Registrar;
import io.ganglion.registry.internal.Backoff;
import io.ganglion.registry.internal.DaemonThreads;
import io.ganglion.registry.internal.Lifecycle;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
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
 * while the agent keeps reporting. A failed registration is retried with back-off.
 *
 * <p>Threads: all Consul calls run on {@link #worker}; {@link #healthy} is volatile because
 * {@link #reportHealth} writes it from the caller's thread and the worker reads it.
 */
public final class ConsulRegistrar implements Registrar {

    private static final Logger log = LoggerFactory.getLogger(ConsulRegistrar.class);

    private final ConsulRegistration registration;
    private final ConsulHttp http;
    private final Lifecycle lifecycle;
    private final ScheduledExecutorService worker;
    private final Backoff backoff = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30), RandomGenerator.getDefault());
    private volatile boolean healthy;
    private boolean registered; // worker

    public ConsulRegistrar(ConsulConnection connection, ConsulRegistration registration) {
        this.registration = registration;
        this.http = new ConsulHttp(connection, Duration.ofSeconds(30));
        this.lifecycle = new Lifecycle("Consul registrar for " + registration.id());
        this.worker = DaemonThreads.single("ganglion-consul-register-" + registration.id());
    }

    @Override
    public void start() {
        lifecycle.start();
        onWorker(this::register, Duration.ZERO);
        if (registration.check().kind() == ConsulCheck.Kind.TTL) {
            long every = Math.max(1, registration.check().every().toMillis() / 3);
            worker.scheduleWithFixedDelay(this::sendTtl, every, every, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void reportHealth(boolean nowHealthy) {
        lifecycle.checkStarted();
        boolean changed = healthy != nowHealthy;
        healthy = nowHealthy;
        if (changed && registration.check().kind() == ConsulCheck.Kind.TTL) {
            onWorker(this::sendTtl, Duration.ZERO);
        }
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
    }

    private void register() {
        try {
            HttpResponse response = http.put("/v1/agent/service/register", registration.toJson());
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("HTTP " + response.getStatusCode() + " " + response.getContent());
            }
            registered = true;
            backoff.reset();
            log.info("Registered {} ({}) with Consul", registration.id(), registration.name());
            if (registration.check().kind() == ConsulCheck.Kind.TTL) {
                sendTtl();
            }
        } catch (RuntimeException e) {
            Duration delay = backoff.nextDelay();
            log.warn("Registering {} with Consul failed ({}); retrying in {} ms", registration.id(), e.getMessage(), delay.toMillis());
            onWorker(this::register, delay);
        }
    }

    private void sendTtl() {
        if (!registered) {
            return;
        }
        String verb = healthy ? "pass" : "fail";
        try {
            HttpResponse response = http.put("/v1/agent/check/" + verb + "/" + ConsulHttp.pathSegment(registration.checkId()), null);
            if (response.getStatusCode() != 200) {
                log.warn("TTL {} for {}: HTTP {} {}", verb, registration.checkId(), response.getStatusCode(), response.getContent());
            }
        } catch (RuntimeException e) {
            log.warn("TTL {} for {} failed: {}", verb, registration.checkId(), e.getMessage());
        }
    }

    private void onWorker(Runnable task, Duration delay) {
        try {
            worker.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("Consul registrar {} closed", registration.id());
        }
    }
}
