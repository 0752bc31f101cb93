package io.ganglion.agent.reconcile;

import java.util.Objects;

/**
 * One server as the balancer reported it this cycle ({@code show servers state} for the address,
 * weights and admin state; {@code show stat} for the sessions).
 *
 * @param weight        the current (user) weight, {@code srv_uweight}
 * @param initialWeight the weight the server was added (or configured) with, {@code srv_iweight}:
 *                      only {@code add server} sets it, so it still says after an agent restart
 *                      what weight the agent gave the server; -1 when the balancer does not say
 * @param sessions      current sessions ({@code scur})
 */
public record ActualServer(String name, String host, int port, int weight, int initialWeight, ServerMode mode,
                           long sessions) {

    public ActualServer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(mode, "mode");
    }
}
