package io.ganglion.balancer.server;

/** What a server tells its backend: the backend rebuilds its snapshot and serves its queue. */
public interface ServerListener {
    /** Called after a settings change, outside the server's lock. */
    void serverChanged(Server server, ServerSettings before, ServerSettings after, String cause);

    /** Called after a connection slot was released: a queued request may take it. */
    void slotReleased(Server server);
}
