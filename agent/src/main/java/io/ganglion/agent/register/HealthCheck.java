package io.ganglion.agent.register;

import java.time.Duration;

import io.ganglion.agent.config.CheckSettings;

/** A local check of this host's service. Runs on the registration's own thread; must end within its timeout. */
public interface HealthCheck {

    CheckResult run();

    /** Builds the check a {@code checks:} entry describes, aimed at {@code host:port}. */
    static HealthCheck of(CheckSettings settings, String host, int port) {
        Duration timeout = settings.timeout();
        return switch (settings.type()) {
            case "http" -> new HttpCheck(host, port, settings.uri(), settings.expectStatus(), timeout);
            case "tcp" -> new TcpCheck(host, port, timeout);
            case "command" -> new CommandCheck(settings.command(), timeout);
            default -> throw new IllegalArgumentException("unknown check type '" + settings.type() + "'");
        };
    }
}
