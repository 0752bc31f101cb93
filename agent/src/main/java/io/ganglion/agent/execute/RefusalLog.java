package io.ganglion.agent.execute;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Decides which refusals are worth a warning: the first one of a server, a refusal whose text
 * changed, and the same refusal again only after {@link #FIRST_REMINDER}, then after twice as long
 * each time (at most {@link #MAX_REMINDER}). The retries themselves keep their own, shorter back-off
 * ({@link RetryBackoff}); without this, an instance whose host does not resolve warned at every one.
 * Confined to the reconcile thread (no lock).
 */
final class RefusalLog {

    static final Duration FIRST_REMINDER = Duration.ofMinutes(1);
    static final Duration MAX_REMINDER = Duration.ofHours(1);

    /** The refusal last warned about, when, how many refusals since, and the gap before the next reminder. */
    private record Warned(String refusal, Instant at, int since, Duration gap) {
    }

    private final Map<String, Warned> warned = new HashMap<>();

    /**
     * @return null when this refusal needs no warning now; otherwise how many identical refusals
     * went unreported since the last warning (0 for a new or changed refusal)
     */
    Integer shouldWarn(String key, String refusal, Instant now) {
        Warned last = warned.get(key);
        if (last == null || !last.refusal().equals(refusal)) {
            warned.put(key, new Warned(refusal, now, 0, FIRST_REMINDER));
            return 0;
        }
        if (now.isBefore(last.at().plus(last.gap()))) {
            warned.put(key, new Warned(refusal, last.at(), last.since() + 1, last.gap()));
            return null;
        }
        Duration next = last.gap().multipliedBy(2).compareTo(MAX_REMINDER) > 0 ? MAX_REMINDER : last.gap().multipliedBy(2);
        warned.put(key, new Warned(refusal, now, 0, next));
        return last.since() + 1;
    }

    /** The server's command went through: its next refusal is news again. */
    void succeeded(String key) {
        warned.remove(key);
    }
}
