package io.ganglion.balancer.server;



/** Bounds shared by the configuration and the socket commands. */
final class ServerLimits {
    static final int MAX_WEIGHT = ServerOptions.MAX_WEIGHT;

    private ServerLimits() {
    }
}
