package io.ganglion.balancer.proxy;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second as HAProxy's {@code freq_ctr} counts them for its process-wide rate limits:
 * the events of the current one-second period plus the previous period's, weighted by the share
 * of that period still inside the last second. A limit of N per second then spreads accepts
 * evenly once a burst has used the first N, instead of letting N through at each new second.
 *
 * <p>Threading: {@link #add} is called by every event loop that accepts (each has listening
 * sockets of its own), without a lock: the count is an atomic increment, and of the threads that
 * see a period end, the one that moves its start on rotates the counts. An event counted by
 * another thread during that rotation may land in the period before: a rate then reads one event
 * off for a second, which neither a limit of HAProxy's kind nor a rate display notices. The
 * readers (show info, on the control thread) may see a state a few events old.
 */
final class SlidingRate {
    static final long PERIOD_MILLIS = 1000;

    private final AtomicLong periodStart;
    private final AtomicInteger current = new AtomicInteger();
    private volatile int previous;
    /** The most events one period has held ({@code MaxConnRate}): HAProxy keeps the period's count, not the estimate. */
    private final AtomicInteger max = new AtomicInteger();

    SlidingRate(long nowMillis) {
        periodStart = new AtomicLong(nowMillis);
    }

    /** One event at {@code nowMillis}; any thread. */
    void add(long nowMillis) {
        rotate(nowMillis);
        int count = current.incrementAndGet();
        if (count > max.get()) {
            max.accumulateAndGet(count, Math::max);
        }
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
        long start = periodStart.get();
        long cur = current.get();
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
        long start = periodStart.get();
        long elapsed = nowMillis - start;
        if (elapsed < PERIOD_MILLIS) {
            return;
        }
        // periods stay aligned, as HAProxy's ticks; only the thread that moves the start rotates
        if (periodStart.compareAndSet(start, nowMillis - elapsed % PERIOD_MILLIS)) {
            int ended = current.getAndSet(0);
            previous = elapsed < 2 * PERIOD_MILLIS ? ended : 0;
        }
    }
}
