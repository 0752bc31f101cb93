package io.ganglion.balancer.server;

import io.ganglion.balancer.config.ServerSpec;

/** Bounds shared by the configuration and the socket commands. */
final class ServerLimits {
    static final int MAX_WEIGHT = ServerSpec.MAX_WEIGHT;

    private ServerLimits() {
    }
}
