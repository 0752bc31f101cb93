package io.ganglion.registry.consul;

import static java.util.Objects.requireNonNull;

import io.ganglion.registry.ServiceWatcher;
import java.time.Duration;
import java.util.Optional;

/**
 * Watches the passing instances of one Consul service through blocking queries on
 * {@code /v1/health/service/:service?passing} ({@code index} and {@code wait}).
 *
 * <pre>{@code
 * ServiceWatcher web = ConsulServiceWatcher.builder(ConsulConnection.of(URI.create("http://127.0.0.1:8500")), "web")
 *         .tag("prod").build();
 * }</pre>
 *
 * <p>Follows Consul's documented index rules ({@link BlockingIndex}); starts queries at least
 * {@code minInterval} apart so that a misbehaving server cannot make it spin; on an error (connection
 * refused, timeout, non-200, malformed JSON) re-emits the last endpoints as STALE and retries after an
 * exponential back-off with jitter. Address: {@code Service.Address}, else the node's; weight:
 * {@code Service.Weights.Passing}; tags and service meta are kept.
 */
public final class ConsulServiceWatcher {

    private ConsulServiceWatcher() {
    }

    public static Builder builder(ConsulConnection connection, String service) {
        return new Builder(connection, service);
    }

    /** Options for one watcher; {@link #build()} gives an unstarted watcher. */
    public static final class Builder {
        private static final Duration MAX_WAIT = Duration.ofMinutes(10);
        private final ConsulConnection connection;
        private final String service;
        private Optional<String> tag = Optional.empty();
        private Optional<String> datacenter = Optional.empty();
        private Duration waitTime = Duration.ofMinutes(5);
        private Duration readMargin = Duration.ofSeconds(5);
        private Duration minInterval = Duration.ofMillis(500);
        private Duration backoffInitial = Duration.ofSeconds(1);
        private Duration backoffMax = Duration.ofSeconds(60);

        private Builder(ConsulConnection connection, String service) {
            this.connection = requireNonNull(connection, "connection");
            if (requireNonNull(service, "service").isBlank()) {
                throw new IllegalArgumentException("Consul service name must not be blank");
            }
            this.service = service;
        }

        /** Only instances with this tag (Consul's {@code tag} filter). */
        public Builder tag(String value) {
            this.tag = Optional.of(requireNonNull(value, "tag"));
            return this;
        }

        /** Query this datacenter instead of the agent's own. */
        public Builder datacenter(String value) {
            this.datacenter = Optional.of(requireNonNull(value, "datacenter"));
            return this;
        }

        /** Longest time one blocking query is held (default 5 min, at most 10 min as in Consul). */
        public Builder waitTime(Duration value) {
            if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_WAIT) > 0) {
                throw new IllegalArgumentException("Consul wait must be from 1 ms to 10 min, got " + value);
            }
            this.waitTime = value;
            return this;
        }

        /** Extra read time beyond wait + wait/16 before a silent query counts as failed (default 5 s). */
        public Builder readMargin(Duration value) {
            this.readMargin = positive(value, "read margin");
            return this;
        }

        /** Least time between the starts of two queries (default 500 ms). */
        public Builder minInterval(Duration value) {
            this.minInterval = positive(value, "minimum interval");
            return this;
        }

        /** Back-off after errors: starts at {@code initial}, doubles up to {@code max}, with jitter. */
        public Builder backoff(Duration initial, Duration max) {
            positive(initial, "initial back-off");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("maximum back-off " + max + " is below the initial " + initial);
            }
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        public ServiceWatcher build() {
            return new ConsulHealthWatcher(new ConsulWatchOptions(connection, service, tag, datacenter, waitTime,
                    readMargin, minInterval, backoffInitial, backoffMax));
        }

        private static Duration positive(Duration value, String what) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(what + " must be positive, got " + value);
            }
            return value;
        }
    }
}
