package io.ganglion.balancer.stats;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raises a shared maximum ({@code smax}, {@code rate_max}, {@code ttime_max}...) only when a value
 * exceeds it. {@code accumulateAndGet(v, Math::max)} writes the line on every call, also when the
 * maximum stays: on the data path, where both event loops update the same frontend's and backend's
 * maxima for every request, each of those writes moved the cache line to the other core (JFR put the
 * counters at 5-13% of the balancer's CPU under {@code bench http}). A maximum rarely changes once
 * traffic is steady, so a plain read, which leaves the line shared, settles nearly every call.
 */
public final class AtomicMaximum {
    private AtomicMaximum() {
    }

    public static void raise(AtomicInteger max, int value) {
        int seen = max.get();
        while (value > seen && !max.weakCompareAndSetVolatile(seen, value)) {
            seen = max.get();
        }
    }

    public static void raise(AtomicLong max, long value) {
        long seen = max.get();
        while (value > seen && !max.weakCompareAndSetVolatile(seen, value)) {
            seen = max.get();
        }
    }
}
