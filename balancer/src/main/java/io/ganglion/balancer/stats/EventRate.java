package io.ganglion.balancer.stats;

import io.ganglion.balancer.proxy.LoopClock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second as HAProxy's {@code freq_ctr} reports them (the current one-second period plus
 * the previous one weighted by its share still inside the last second), for events that happen on
 * every event loop at once (TLS handshakes). Adding takes no lock: the loop that first sees a new
 * period moves the count over with a compare-and-set; an event racing with that move may land in
 * either period, which a rate display tolerates.
 */
public final class EventRate {
    private static final long PERIOD_MILLIS = 1000;

    private final AtomicLong periodStart = new AtomicLong(nowMillis());
    private final AtomicInteger current = new AtomicInteger();
    private volatile int previous;
    /** The most events one period held (HAProxy's {@code Max*Rate} keep the period's count). */
    private final AtomicInteger max = new AtomicInteger();

    static long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(LoopClock.nanoTime());
    }

    public void add() {
        rotate(nowMillis());
        max.accumulateAndGet(current.incrementAndGet(), Math::max);
    }

    public int perSecond() {
        long now = nowMillis();
        long elapsed = now - periodStart.get();
        if (elapsed >= 2 * PERIOD_MILLIS) {
            return 0;
        }
        if (elapsed >= PERIOD_MILLIS) {
            return (int) (current.get() * (2 * PERIOD_MILLIS - elapsed) / PERIOD_MILLIS);
        }
        return (int) (current.get() + previous * (PERIOD_MILLIS - elapsed) / PERIOD_MILLIS);
    }

    public int max() {
        return max.get();
    }

    public void clearMax() {
        max.set(0);
    }

    private void rotate(long now) {
        long start = periodStart.get();
        long elapsed = now - start;
        if (elapsed < PERIOD_MILLIS) {
            return;
        }
        long newStart = now - elapsed % PERIOD_MILLIS;
        if (periodStart.compareAndSet(start, newStart)) {
            int count = current.getAndSet(0);
            previous = elapsed < 2 * PERIOD_MILLIS ? count : 0;
        }
    }
}
