package io.ganglion.balancer.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A time in milliseconds averaged over about the last 1024 samples, as HAProxy's {@code qtime},
 * {@code ctime}, {@code rtime} and {@code ttime} columns, with the largest sample seen. HAProxy's
 * sliding-window rate: each sample replaces one 1024th of the running sum, so no window is stored.
 * Lock-free: a CAS loop on the sum; event loops add concurrently.
 */
public final class TimeAverage {
    static final int SAMPLES = 1024;
    private final AtomicLong sum = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    public void add(long millis) {
        long v = Math.max(0, millis);
        sum.getAndUpdate(old -> old - (old + SAMPLES - 1) / SAMPLES + v);
        max.accumulateAndGet(v, Math::max);
    }

    public long average() {
        return (sum.get() + SAMPLES - 1) / SAMPLES;
    }

    public long max() {
        return max.get();
    }

    void clearMax() {
        max.set(0);
    }

    void clear() {
        sum.set(0);
        max.set(0);
    }
}
