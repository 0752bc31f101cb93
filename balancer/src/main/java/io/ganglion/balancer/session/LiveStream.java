package io.ganglion.balancer.session;

import io.ganglion.balancer.server.Server;

/**
 * A stream the socket can see and cut: one HTTP transaction or one {@code mode tcp} connection,
 * from the moment a server is assigned to it until it ends. Lives on one event loop; every method
 * is called on that loop.
 */
public interface LiveStream {

    /** The stable id, unique for the life of the process ({@code show sess} and {@code shutdown session} name it). */
    long id();

    Server server();

    /**
     * Cuts the stream as HAProxy's {@code shutdown session(s)} does: the client sees the connection
     * end (an HTTP response that has not started gets the 502 page first), and the access log line
     * carries {@code K} as its first termination flag. Leaves the registry before returning.
     */
    void kill();
}
