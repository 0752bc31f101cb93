package io.ganglion.balancer.stats;

import io.ganglion.balancer.proxy.LoopClock;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second over the last full second, as HAProxy's {@code rate} columns, with the maximum
 * seen. Two one-second buckets swapped by the first event of each new second; a race at the
 * boundary may lose an event from the count, which a rate display tolerates (no lock on the data path).
 */
public final class RateCounter {
    private final AtomicLong currentSecond = new AtomicLong();
    private final AtomicInteger currentCount = new AtomicInteger();
    private volatile int previousCount;
    private final AtomicInteger max = new AtomicInteger();

    public void tick() {
        long now = LoopClock.currentTimeMillis() / 1000;
        long sec = currentSecond.get();
        if (sec != now && currentSecond.compareAndSet(sec, now)) {
            int finished = currentCount.getAndSet(0);
            previousCount = now == sec + 1 ? finished : 0;
        }
        int n = currentCount.incrementAndGet();
        AtomicMaximum.raise(max, Math.max(n, previousCount));
    }

    /** Events in the last complete second (or the current one, if it already has more). */
    public int perSecond() {
        long now = System.currentTimeMillis() / 1000;
        long sec = currentSecond.get();
        if (sec == now) {
            return Math.max(previousCount, currentCount.get());
        }
        return sec == now - 1 ? currentCount.get() : 0;
    }

    public int max() {
        return max.get();
    }

    void clearMax() {
        max.set(0);
    }
}
