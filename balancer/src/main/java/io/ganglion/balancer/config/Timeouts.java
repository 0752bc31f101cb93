package io.ganglion.balancer.config;

import java.time.Duration;

/**
 * The {@code timeout} settings of a proxy (after {@code defaults} are applied). A null value means
 * "not set", which HAProxy treats as infinite.
 */
public record Timeouts(
        Duration connect,
        Duration client,
        Duration server,
        Duration queue,
        Duration httpRequest,
        Duration httpKeepAlive,
        Duration check) {

    public static Timeouts none() {
        return new Timeouts(null, null, null, null, null, null, null);
    }
}
