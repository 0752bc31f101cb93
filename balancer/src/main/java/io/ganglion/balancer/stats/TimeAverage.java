package io.ganglion.balancer.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A time in milliseconds averaged over the last 1024 samples, as HAProxy 2.6's {@code qtime},
 * {@code ctime}, {@code rtime} and {@code ttime} columns, with the largest sample seen. HAProxy's
 * dynamic sliding window: until 1024 samples the sum simply grows and the average is the mean of
 * all of them (two responses of 80 ms show 80, not 1); from then on each sample replaces one
 * 1024th of the running sum, so no window is stored. Lock-free: event loops add concurrently
 * (the count and the sum are two atomics, as HAProxy's are two counters).
 */
public final class TimeAverage {
    static final int SAMPLES = 1024;
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong count = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    public void add(long millis) {
        long v = Math.max(0, millis);
        // Once the window is full the count only matters as "full": left alone, it is one shared
        // write less per sample (both event loops add to the same backend's and server's times).
        boolean windowFull = count.get() >= SAMPLES || count.getAndIncrement() >= SAMPLES;
        long old;
        long next;
        do {
            old = sum.get();
            next = old - (windowFull ? (old + SAMPLES - 1) / SAMPLES : 0) + v;
            // A full window of 0 ms samples (a keep-alive request answered within the millisecond)
            // keeps the sum at 0: no write, so the loops do not pass the sum's cache line back and forth.
        } while (next != old && !sum.weakCompareAndSetVolatile(old, next));
        AtomicMaximum.raise(max, v);
    }

    public long average() {
        long window = Math.min(count.get(), SAMPLES);
        return window == 0 ? 0 : (sum.get() + window - 1) / window;
    }

    public long max() {
        return max.get();
    }

    void clearMax() {
        max.set(0);
    }

    void clear() {
        sum.set(0);
        count.set(0);
        max.set(0);
    }
}
