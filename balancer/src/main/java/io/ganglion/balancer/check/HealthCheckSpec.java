package io.ganglion.balancer.check;

/**
 * How a backend checks its servers: a TCP connect, or with {@code option httpchk} an HTTP request
 * whose answer must match {@code http-check expect status N} (any 2xx or 3xx when not given).
 *
 * @param http         {@code option httpchk} given
 * @param method       request method, {@code OPTIONS} by default (as in HAProxy)
 * @param uri          request URI, {@code /} by default
 * @param version      HTTP version, {@code HTTP/1.0} by default
 * @param expectStatus the expected status, or 0 for "2xx or 3xx"
 */
public record HealthCheckSpec(boolean http, String method, String uri, String version, int expectStatus) {
    public static HealthCheckSpec tcp() {
        return new HealthCheckSpec(false, "OPTIONS", "/", "HTTP/1.0", 0);
    }
}
