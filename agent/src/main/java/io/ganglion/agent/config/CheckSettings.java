package io.ganglion.agent.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A local health check, Nerve-style.
 *
 * @param type         {@code http}, {@code tcp} or {@code command}
 * @param uri          http: the path to GET
 * @param expectStatus http: the status that means healthy (default 200)
 * @param command      command: run with {@code sh -c}; exit 0 means healthy
 * @param interval     between checks (default 2s)
 * @param timeout      of one check (default 1s)
 * @param rise         passes in a row that make the instance healthy (default 2)
 * @param fall         failures in a row that make it unhealthy (default 2)
 */
public record CheckSettings(String type, String uri, Integer expectStatus, String command, Duration interval,
                            Duration timeout, Integer rise, Integer fall) {

    public CheckSettings {
        expectStatus = Objects.requireNonNullElse(expectStatus, 200);
        interval = Objects.requireNonNullElse(interval, Duration.ofSeconds(2));
        timeout = Objects.requireNonNullElse(timeout, Duration.ofSeconds(1));
        rise = Objects.requireNonNullElse(rise, 2);
        fall = Objects.requireNonNullElse(fall, 2);
    }
}
