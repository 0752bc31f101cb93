package io.ganglion.balancer.server;

/**
 * What health checks (or {@code set server ... health}) say of a server. A server without checks
 * is UP. STOPPING is HAProxy's NOLB: alive, but asked to take no new requests.
 */
public enum OperationalState {
    UP, DOWN, STOPPING
}
