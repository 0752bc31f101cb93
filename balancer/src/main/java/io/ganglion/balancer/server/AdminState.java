package io.ganglion.balancer.server;

/**
 * What an operator (or the configuration) asked of a server, independent of its health.
 * READY takes traffic; DRAIN takes no new requests but finishes those it has; MAINT takes no traffic
 * and is not checked.
 */
public enum AdminState {
    READY, DRAIN, MAINT
}
