package io.ganglion.agent.execute;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Per server ({@code backend/server}), when the agent may try again after the balancer refused a
 * command: the first retry after {@code initial}, each later one twice as late, at most {@code max}.
 * Confined to the reconcile thread (no lock).
 */
final class RetryBackoff {

    private record Failures(int count, Instant retryAt) {
    }

    private final Duration initial;
    private final Duration max;
    private final Map<String, Failures> failures = new HashMap<>();

    RetryBackoff(Duration initial, Duration max) {
        this.initial = initial;
        this.max = max;
    }

    boolean mayTry(String key, Instant now) {
        Failures f = failures.get(key);
        return f == null || !now.isBefore(f.retryAt());
    }

    /** @return when the next try is allowed */
    Instant failed(String key, Instant now) {
        int count = failures.containsKey(key) ? failures.get(key).count() + 1 : 1;
        long factor = 1L << Math.min(count - 1, 20);
        Duration delay = initial.multipliedBy(factor);
        if (delay.compareTo(max) > 0) {
            delay = max;
        }
        Instant retryAt = now.plus(delay);
        failures.put(key, new Failures(count, retryAt));
        return retryAt;
    }

    void succeeded(String key) {
        failures.remove(key);
    }
}
