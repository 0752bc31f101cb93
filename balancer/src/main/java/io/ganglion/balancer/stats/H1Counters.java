package io.ganglion.balancer.stats;

/**
 * The h1 module's counters of one frontend or backend ({@code h1_*} columns of {@code show stat}),
 * as HAProxy 2.6 counts them (measured): HTTP/1 connections and their streams (one per request
 * begun; on a backend one per connection attempt or reuse, HTTP health checks included) and the raw
 * bytes read and written on them. Event loops add to them concurrently: {@link LoopCounter}s, never locked.
 */
public final class H1Counters {
    private final LoopCounter openConnections = new LoopCounter();
    private final LoopCounter openStreams = new LoopCounter();
    private final LoopCounter totalConnections = new LoopCounter();
    private final LoopCounter totalStreams = new LoopCounter();
    private final LoopCounter bytesIn = new LoopCounter();
    private final LoopCounter bytesOut = new LoopCounter();

    public void connectionOpened() {
        openConnections.increment();
        totalConnections.increment();
    }

    public void connectionClosed() {
        openConnections.decrement();
    }

    public void streamOpened() {
        openStreams.increment();
        totalStreams.increment();
    }

    public void streamClosed() {
        openStreams.decrement();
    }

    public void bytesIn(long n) {
        bytesIn.add(n);
    }

    public void bytesOut(long n) {
        bytesOut.add(n);
    }

    public long openConnections() {
        return openConnections.sum();
    }

    public long openStreams() {
        return openStreams.sum();
    }

    public long totalConnections() {
        return totalConnections.sum();
    }

    public long totalStreams() {
        return totalStreams.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /**
     * {@code clear counters} and {@code clear counters all} alike (HAProxy clears the module's
     * counters on both). The open connections and streams are states and stay: HAProxy zeroes them
     * too, and they then wrap to 2^64-1 as those connections close.
     */
    public void clear() {
        totalConnections.reset();
        totalStreams.reset();
        bytesIn.reset();
        bytesOut.reset();
    }
}
