package io.ganglion.balancer.session;

import io.ganglion.balancer.server.Server;

/**
 * A stream the socket can see and cut: one HTTP transaction (from its complete request head), one
 * {@code mode tcp} connection (from its accept) or one stats socket session, until it ends, as
 * HAProxy 2.6 lists its streams. Lives on one event loop; every method is called on that loop.
 */
public interface LiveStream {

    /** The stable id, unique for the life of the process ({@code show sess} and {@code shutdown session} name it). */
    long id();

    /** The server assigned, or null. */
    Server server();

    /** What {@code show sess} prints of it, now. */
    StreamSnapshot snapshot();

    /**
     * Cuts the stream as HAProxy's {@code shutdown session(s)} does: the client sees the connection
     * end (an HTTP response that has not started gets the 502 page first), and the access log line
     * carries {@code K} as its first termination flag. Leaves the registry before returning.
     */
    void kill();
}
