package io.ganglion.registry.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with "equal jitter": the n-th delay is drawn uniformly from [d/2, d] where
 * d = min(max, initial·2ⁿ). The lower half keeps a floor (no retry storm even with bad luck), the
 * upper half spreads a fleet that failed at the same moment. Not thread-safe: one owner thread.
 */
public final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;
    private int failures;

    public Backoff(Duration initial, Duration max, RandomGenerator random) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
        this.initialMillis = initial.toMillis();
        this.maxMillis = max.toMillis();
        this.random = random;
    }

    /** The delay before the next attempt after one more failure. */
    public Duration nextDelay() {
        int exponent = Math.min(failures, 30);
        failures++;
        long ceiling = Math.min(maxMillis, initialMillis << exponent);
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** After a success: the next failure starts from the initial delay again. */
    public void reset() {
        failures = 0;
    }
}
