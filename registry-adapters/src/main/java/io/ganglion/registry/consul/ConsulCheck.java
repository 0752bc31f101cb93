package io.ganglion.registry.consul;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;

/**
 * The one check registered with the service (Consul names it {@code service:<id>}). HTTP and TCP
 * checks are run by Consul itself; a TTL check is fed by {@link ConsulRegistrar#reportHealth}.
 *
 * @param kind                           HTTP, TCP or TTL
 * @param target                         URL (HTTP) or host:port (TCP); empty for TTL
 * @param every                          HTTP/TCP: Interval; TTL: the TTL
 * @param deregisterCriticalServiceAfter Consul removes the service after this long critical
 */
public record ConsulCheck(Kind kind, String target, Duration every, Optional<Duration> deregisterCriticalServiceAfter) {

    public enum Kind { HTTP, TCP, TTL }

    public ConsulCheck {
        requireNonNull(kind, "kind");
        requireNonNull(target, "target");
        requireNonNull(deregisterCriticalServiceAfter, "deregisterCriticalServiceAfter");
        if (every.isNegative() || every.isZero()) {
            throw new IllegalArgumentException("check interval or TTL must be positive, got " + every);
        }
        if (kind != Kind.TTL && target.isBlank()) {
            throw new IllegalArgumentException(kind + " check needs a target");
        }
    }

    public static ConsulCheck http(String url, Duration interval) {
        return new ConsulCheck(Kind.HTTP, url, interval, Optional.empty());
    }

    public static ConsulCheck tcp(String hostPort, Duration interval) {
        return new ConsulCheck(Kind.TCP, hostPort, interval, Optional.empty());
    }

    public static ConsulCheck ttl(Duration ttl) {
        return new ConsulCheck(Kind.TTL, "", ttl, Optional.empty());
    }

    public ConsulCheck deregisterCriticalAfter(Duration after) {
        return new ConsulCheck(kind, target, every, Optional.of(after));
    }

    /** Go duration text for Consul: whole milliseconds. */
    static String goDuration(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
