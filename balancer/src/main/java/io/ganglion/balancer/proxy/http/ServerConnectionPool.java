package io.ganglion.balancer.proxy.http;

import io.ganglion.balancer.server.Server;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to servers, one pool per event loop: a request reuses a connection
 * made on its own loop, so neither the pool nor the connection is ever shared between threads
 * and nothing here is synchronised.
 */
final class ServerConnectionPool {
    /** Above this many idle connections to one server on one loop, a finished one is closed. */
    private static final int MAX_IDLE_PER_SERVER = 64;

    private static final FastThreadLocal<ServerConnectionPool> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected ServerConnectionPool initialValue() {
            return new ServerConnectionPool();
        }
    };

    private record Idle(Channel channel, long sinceNanos) {
    }

    private final Map<Server, ArrayDeque<Idle>> idle = new IdentityHashMap<>();

    /** The pool of the calling event loop. */
    static ServerConnectionPool current() {
        return PER_LOOP.get();
    }

    /**
     * An idle, open connection to the server's current address that has not idled longer than
     * {@code maxIdleNanos}, or null.
     */
    Channel take(Server server, long maxIdleNanos) {
        ArrayDeque<Idle> q = idle.get(server);
        if (q == null) {
            return null;
        }
        long now = System.nanoTime();
        Idle e;
        // Newest first: the most recently used connection is the least likely to have been closed.
        while ((e = q.pollLast()) != null) {
            Channel ch = e.channel();
            boolean fresh = now - e.sinceNanos() < maxIdleNanos;
            if (ch.isActive() && fresh && server.settings().address().equals(ch.remoteAddress())) {
                return ch;
            }
            ch.close();
        }
        return null;
    }

    /** Keeps a connection whose exchange completed cleanly; returns false (and closes it) when full. */
    boolean offer(Server server, Channel ch) {
        ArrayDeque<Idle> q = idle.computeIfAbsent(server, s -> new ArrayDeque<>());
        if (q.size() >= MAX_IDLE_PER_SERVER) {
            ch.close();
            return false;
        }
        q.addLast(new Idle(ch, System.nanoTime()));
        return true;
    }

    /** Forgets a connection the server closed while it was idle. */
    void remove(Server server, Channel ch) {
        ArrayDeque<Idle> q = idle.get(server);
        if (q != null) {
            q.removeIf(e -> e.channel() == ch);
            if (q.isEmpty()) {
                idle.remove(server);
            }
        }
    }
}
