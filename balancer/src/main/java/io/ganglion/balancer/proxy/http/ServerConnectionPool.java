package io.ganglion.balancer.proxy.http;

import com.sun.management.UnixOperatingSystemMXBean;
import io.ganglion.balancer.proxy.LoopClock;
import io.ganglion.balancer.proxy.ServerConnectionLayer;
import io.ganglion.balancer.server.Server;
import io.netty.channel.Channel;
import io.netty.util.concurrent.FastThreadLocal;
import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;

/**
 * Idle keep-alive connections to servers, one pool per event loop: a request reuses a connection
 * made on its own loop, so neither the pool nor the connection is ever shared between threads
 * and nothing here is synchronised.
 *
 * <p>Idle connections are bounded per server and per loop. The per-loop bound keeps them to a
 * quarter of the process's file descriptors (HAProxy's {@code tune.pool-high-fd-ratio} default),
 * shared among the loops (one per core by default): with 10,000 servers in round robin, an
 * unbounded pool kept one connection per server per loop and ran the balancer, and the servers'
 * host, out of file descriptors.
 */
final class ServerConnectionPool {
    /** Above this many idle connections to one server on one loop, a finished one is closed. */
    private static final int MAX_IDLE_PER_SERVER = 64;
    /** Above this many idle connections on one loop, a finished one is closed. */
    private static final int MAX_IDLE_PER_LOOP = maxIdlePerLoop();

    private static final FastThreadLocal<ServerConnectionPool> PER_LOOP = new FastThreadLocal<>() {
        @Override
        protected ServerConnectionPool initialValue() {
            return new ServerConnectionPool(MAX_IDLE_PER_LOOP);
        }
    };

    /** An idle connection and since when. Reused once taken: a keep-alive request would otherwise make one. */
    private static final class Idle {
        Channel channel;
        long sinceNanos;
    }

    private final Map<Server, ArrayDeque<Idle>> idle = new IdentityHashMap<>();
    /** Records taken out of the queues, for the next connections offered (at most as many as were ever idle at once). */
    private final ArrayDeque<Idle> spare = new ArrayDeque<>();
    /** An emptied queue, for the next server that needs one; null when none. */
    private ArrayDeque<Idle> spareQueue;
    private final int maxIdle;
    private int total;

    /** @param maxIdle idle connections kept on this loop, all servers together */
    ServerConnectionPool(int maxIdle) {
        this.maxIdle = maxIdle;
    }

    private static int maxIdlePerLoop() {
        long descriptors = 4096; // when the JVM cannot tell (not a Unix-like system)
        if (ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix) {
            descriptors = unix.getMaxFileDescriptorCount();
        }
        long share = descriptors / 4 / Math.max(1, Runtime.getRuntime().availableProcessors());
        return (int) Math.max(MAX_IDLE_PER_SERVER, Math.min(share, Integer.MAX_VALUE));
    }

    /** The pool of the calling event loop. */
    static ServerConnectionPool current() {
        return PER_LOOP.get();
    }

    /**
     * An idle, open connection to the server's current address, opened for {@code name} (the
     * {@link ServerConnectionLayer#NAME}: a TLS connection made for one SNI never serves another),
     * that has not idled longer than {@code maxIdleNanos}, or null. Dead or stale ones met on the
     * way are closed.
     */
    Channel take(Server server, String name, long maxIdleNanos) {
        ArrayDeque<Idle> q = idle.get(server);
        if (q == null) {
            return null;
        }
        long now = LoopClock.nanoTime();
        // Newest first: the most recently used connection is the least likely to have been closed.
        // The newest one is the usual answer (a keep-alive request takes what the previous response
        // gave back): taken without an iterator (one was made per request under keep-alive load).
        Idle newest = q.peekLast();
        if (newest != null && fit(newest, server, name, now, maxIdleNanos) == Fit.USE) {
            q.pollLast();
            forgetIfEmpty(server, q);
            return recycle(newest);
        }
        Channel found = null;
        Iterator<Idle> it = q.descendingIterator();
        while (found == null && it.hasNext()) {
            Idle e = it.next();
            Fit fit = fit(e, server, name, now, maxIdleNanos);
            if (fit == Fit.OTHER_NAME) {
                continue; // kept for a request with its name
            }
            if (fit == Fit.USE) {
                found = e.channel;
            } else {
                e.channel.close();
            }
            it.remove();
            recycle(e);
        }
        forgetIfEmpty(server, q);
        return found;
    }

    /** What an idle connection is to a request for {@code server} under {@code name}. */
    private enum Fit {
        USE,
        /** Open and fresh, but made for another name: left for a request with that name. */
        OTHER_NAME,
        /** Closed, idle too long, or to the server's former address: closed and dropped. */
        STALE
    }

    private static Fit fit(Idle e, Server server, String name, long now, long maxIdleNanos) {
        Channel ch = e.channel;
        if (!ch.isActive() || now - e.sinceNanos >= maxIdleNanos || !server.settings().address().equals(ch.remoteAddress())) {
            return Fit.STALE;
        }
        return Objects.equals(name, ch.attr(ServerConnectionLayer.NAME).get()) ? Fit.USE : Fit.OTHER_NAME;
    }

    /**
     * An emptied queue leaves the map (a server no longer used keeps nothing here) but is kept as
     * the spare for the next server's first offer: with few idle connections per server, queues
     * empty and refill at every request, and a new one was made each time.
     */
    private void forgetIfEmpty(Server server, ArrayDeque<Idle> q) {
        if (q.isEmpty()) {
            idle.remove(server);
            spareQueue = q;
        }
    }

    /** Its record, taken out of its queue, goes back to the spares; @return its connection */
    private Channel recycle(Idle e) {
        Channel ch = e.channel;
        total--;
        e.channel = null;
        spare.push(e);
        return ch;
    }

    /** Idle connections on this loop, all servers together. */
    int idleCount() {
        return total;
    }

    /** Keeps a connection whose exchange completed cleanly; returns false (and closes it) when full. */
    boolean offer(Server server, Channel ch) {
        if (total >= maxIdle) {
            ch.close();
            return false;
        }
        ArrayDeque<Idle> q = idle.get(server);
        if (q == null) {
            q = spareQueue != null ? spareQueue : new ArrayDeque<>();
            spareQueue = null;
            idle.put(server, q);
        }
        if (q.size() >= MAX_IDLE_PER_SERVER) {
            ch.close();
            return false;
        }
        Idle e = spare.poll();
        if (e == null) {
            e = new Idle();
        }
        e.channel = ch;
        e.sinceNanos = LoopClock.nanoTime();
        q.addLast(e);
        total++;
        return true;
    }

    /** Closes every idle connection to {@code server} on this loop. */
    void closeIdle(Server server) {
        ArrayDeque<Idle> q = idle.remove(server);
        if (q != null) {
            total -= q.size();
            q.forEach(e -> e.channel.close());
        }
    }

    /** Forgets a connection the server closed while it was idle. */
    void remove(Server server, Channel ch) {
        ArrayDeque<Idle> q = idle.get(server);
        if (q != null) {
            if (q.removeIf(e -> e.channel == ch)) {
                total--;
            }
            forgetIfEmpty(server, q);
        }
    }
}
