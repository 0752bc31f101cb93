package io.ganglion.bench.backend;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP backend whose requests are observed as they arrive: how many, when the last one came,
 * and when the first one came since {@link #arm()}. This is how a benchmark sees, from the far
 * side of a balancer, that a server entered or left its rotation.
 *
 * <p><b>Threads.</b> Written by the backend's event loops, read by the harness: atomics only.
 */
public final class ObservedServer {
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong lastNanos = new AtomicLong();
    /** 0 while armed and no request has come since; {@link System#nanoTime()} values are never 0 in practice. */
    private final AtomicLong firstSinceArmedNanos = new AtomicLong(-1);
    private int port;

    void bound(int boundPort) {
        this.port = boundPort;
    }

    void arrived() {
        long now = System.nanoTime();
        requests.incrementAndGet();
        lastNanos.set(now);
        firstSinceArmedNanos.compareAndSet(0, now);
    }

    public int port() {
        return port;
    }

    public long requests() {
        return requests.get();
    }

    /** {@link System#nanoTime()} of the latest request, or 0 before any. */
    public long lastRequestNanos() {
        return lastNanos.get();
    }

    /** Forgets the first request seen so far: {@link #firstRequestSinceArmed()} waits for the next one. */
    public void arm() {
        firstSinceArmedNanos.set(0);
    }

    /** {@link System#nanoTime()} of the first request since {@link #arm()}; 0 while none came (or never armed: -1). */
    public long firstRequestSinceArmed() {
        return firstSinceArmedNanos.get();
    }
}
