package io.ganglion.balancer.proxy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Events per second as HAProxy's {@code freq_ctr} counts them for its process-wide rate limits:
 * the events of the current one-second period plus the previous period's, weighted by the share
 * of that period still inside the last second. A limit of N per second then spreads accepts
 * evenly once a burst has used the first N, instead of letting N through at each new second.
 *
 * <p>Threading: {@link #add} is called by one thread only (the accept loop); the readers (show
 * info, on the control thread) may see a state a few events old, which a rate display tolerates.
 */
final class SlidingRate {
    static final long PERIOD_MILLIS = 1000;

    private volatile long periodStart;
    private volatile int current;
    private volatile int previous;
    /** The most events one period has held ({@code MaxConnRate}): HAProxy keeps the period's count, not the estimate. */
    private final AtomicInteger max = new AtomicInteger();

    SlidingRate(long nowMillis) {
        periodStart = nowMillis;
    }

    /** One event at {@code nowMillis}; one thread only. */
    void add(long nowMillis) {
        rotate(nowMillis);
        int count = current + 1;
        current = count;
        max.accumulateAndGet(count, Math::max);
    }

    /** The estimated events over the last second. */
    int perSecond(long nowMillis) {
        Window w = window(nowMillis);
        return (int) (w.current + w.previous * w.remaining / PERIOD_MILLIS);
    }

    /**
     * How long until one more event keeps the rate below {@code limit}: 0 if it already does.
     * An estimate from the current counts; the caller checks again when the time has come.
     */
    long millisBelow(int limit, long nowMillis) {
        Window w = window(nowMillis);
        if (w.current + w.previous * w.remaining / PERIOD_MILLIS < limit) {
            return 0;
        }
        if (w.current >= limit || w.previous == 0) {
            return w.remaining + 1; // nothing before the next period
        }
        // current + previous * (remaining - wait) / period < limit
        long keep = (limit - w.current) * PERIOD_MILLIS / w.previous;
        return Math.max(1, w.remaining - keep + 1);
    }

    int max() {
        return max.get();
    }

    void clearMax() {
        max.set(0);
    }

    /** The counts seen from {@code nowMillis}, with the milliseconds left in the current period. */
    private record Window(long current, long previous, long remaining) {
    }

    private Window window(long nowMillis) {
        long start = periodStart;
        long cur = current;
        long prev = previous;
        long elapsed = nowMillis - start;
        if (elapsed >= 2 * PERIOD_MILLIS) {
            return new Window(0, 0, PERIOD_MILLIS - elapsed % PERIOD_MILLIS);
        }
        if (elapsed >= PERIOD_MILLIS) {
            return new Window(0, cur, 2 * PERIOD_MILLIS - elapsed);
        }
        return new Window(cur, prev, PERIOD_MILLIS - Math.max(0, elapsed));
    }

    private void rotate(long nowMillis) {
        long elapsed = nowMillis - periodStart;
        if (elapsed < PERIOD_MILLIS) {
            return;
        }
        previous = elapsed < 2 * PERIOD_MILLIS ? current : 0;
        current = 0;
        periodStart = nowMillis - elapsed % PERIOD_MILLIS; // periods stay aligned, as HAProxy's ticks
    }
}
