package io.ganglion.balancer.lb;

import io.ganglion.balancer.server.Server;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * Picks the server for a new request or connection. An instance is built for one immutable set of
 * candidates and weights (a backend snapshot) and is then read concurrently by every event loop:
 * implementations keep no mutable state but atomics and thread-safe structures.
 */
public interface ServerSelector {
    /**
     * @param client   the client's address (for {@code source})
     * @param eligible servers the caller can use now (a free {@code maxconn} slot, not already tried)
     * @return an eligible server, or null when none of the candidates is eligible
     */
    Server pick(InetAddress client, Predicate<Server> eligible);

    /**
     * A connection slot of {@code server} was taken or given back, on any thread. Only the
     * algorithms that order servers by their connections care.
     */
    default void connectionsChanged(Server server) {
    }
}
