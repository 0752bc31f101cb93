package io.ganglion.balancer.proxy;

import io.ganglion.balancer.server.Server;

/** The answer to a request for a server: called once, on the requester's event loop. */
public interface ServerGrant {
    /** A slot on {@code server} is held for the caller, who must release it. */
    void granted(Server server, long queuedNanos);

    /**
     * Called before {@link #granted} for a request that waited in the backend's queue: how many
     * requests left the queue from its arrival to its own departure, itself included (HAProxy's
     * {@code %bq}). Nothing to do by default.
     */
    default void leftQueue(long position) {
    }

    /** No server can take the request: none usable (503), or the queue timed out (503). */
    void rejected(Rejection reason, long queuedNanos);

    enum Rejection {
        NO_SERVER, QUEUE_TIMEOUT
    }
}
