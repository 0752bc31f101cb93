package io.ganglion.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The whole {@code ganglion.yaml}, as read. Keys may be added; the shape is a contract that
 * scripts outside the project write, so nothing here is renamed or moved.
 *
 * @param balancer   which balancer to drive
 * @param registries by the name {@code watch:} and {@code register:} entries refer to
 * @param watch      one entry per service this host calls (Synapse's {@code services})
 * @param register   this host's own services (Nerve's {@code services} with their {@code checks})
 * @param status     {@code host:port} of the status endpoint; loopback by default
 * @param resync     how often the watched backends are re-read even without a registry change (with jitter)
 * @param shutdownGrace on a graceful stop, how long to wait after deregistering this host's
 *                   services before exiting, so that callers' agents drain it first
 */
public record AgentConfig(
        BalancerSettings balancer,
        Map<String, RegistrySettings> registries,
        List<WatchSettings> watch,
        List<RegisterSettings> register,
        String status,
        Duration resync,
        Duration shutdownGrace) {

    public static final String DEFAULT_STATUS = "127.0.0.1:9901";
    public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(5);

    public AgentConfig {
        registries = registries == null ? Map.of() : Map.copyOf(registries);
        watch = watch == null ? List.of() : List.copyOf(watch);
        register = register == null ? List.of() : List.copyOf(register);
        status = Objects.requireNonNullElse(status, DEFAULT_STATUS);
        resync = Objects.requireNonNullElse(resync, DEFAULT_RESYNC);
        shutdownGrace = Objects.requireNonNullElse(shutdownGrace, DEFAULT_SHUTDOWN_GRACE);
    }
}
