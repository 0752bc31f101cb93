package io.ganglion.balancer.proxy;

import io.ganglion.balancer.server.Server;
import io.ganglion.balancer.server.ServerSettings;

/** Told of every change in a backend's servers (health checks start and stop on these). */
public interface BackendChangeListener {
    default void serverAdded(Backend backend, Server server) {
    }

    default void serverRemoved(Backend backend, Server server) {
    }

    default void serverChanged(Backend backend, Server server, ServerSettings before, ServerSettings after) {
    }
}
