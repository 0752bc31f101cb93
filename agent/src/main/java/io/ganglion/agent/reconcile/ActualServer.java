package io.ganglion.agent.reconcile;

import java.util.Objects;

/**
 * One server as the balancer reported it this cycle ({@code show servers state} for the address,
 * weight and admin state; {@code show stat} for the sessions).
 *
 * @param weight   the current (user) weight
 * @param sessions current sessions ({@code scur})
 */
public record ActualServer(String name, String host, int port, int weight, ServerMode mode, long sessions) {

    public ActualServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
    }
}
