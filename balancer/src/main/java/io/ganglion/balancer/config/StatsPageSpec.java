package io.ganglion.balancer.config;

import java.time.Duration;

/** {@code stats enable}, {@code stats uri}, {@code stats refresh} of a {@code listen}/{@code frontend}. */
public record StatsPageSpec(boolean enabled, String uri, Duration refresh) {
    public static StatsPageSpec disabled() {
        return new StatsPageSpec(false, "/haproxy?stats", null);
    }
}
